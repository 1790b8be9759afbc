/// Redacts one output stream (one node's stdout or stderr) chunk by chunk, so that a secret
/// split across two chunks is masked as if it had arrived in one.
///
/// Each chunk is joined to what was held back from the one before and redacted; then the end
/// that could still be the start of a secret or of a credential (``Redactor/heldBackCount(_:)``)
/// is held back again, together with a character cut in two. Everything before it is final.
/// Most chunks end in a newline and hold nothing back.
public struct StreamRedactor: Sendable {
  /// The most a stream holds back. What is held is already redacted (a credential whose value
  /// runs on is held as `password=‹redacted›`), so only a secret value longer than this could
  /// need more; it is then released, and such a secret split across chunks is not masked.
  public static let holdLimit = 64 * 1024

  private var held: [UInt8] = []

  public init() {}

  /// The bytes held back from the chunks so far.
  public var heldCount: Int { held.count }

  /// The part of `chunk` (and of what was held back) that is final, redacted.
  public mutating func redact(_ chunk: [UInt8], with redactor: Redactor) -> [UInt8] {
    let joined = held.isEmpty ? chunk : held + chunk
    // A character cut at the end is not text yet: it waits, unredacted, for its other bytes.
    let cut = Self.incompleteCharacterCount(joined)
    let whole = cut == 0 ? joined : Array(joined[..<(joined.count - cut)])
    let redacted = redactor.redact(whole)
    var keep = redactor.heldBackCount(redacted)
    if keep + cut > Self.holdLimit { keep = 0 }
    held = keep + cut == 0 ? [] : Array(redacted[(redacted.count - keep)...]) + joined[(joined.count - cut)...]
    return keep == 0 ? redacted : Array(redacted[..<(redacted.count - keep)])
  }

  /// What was held back, at the end of the stream.
  public mutating func finish() -> [UInt8] {
    defer { held = [] }
    return held
  }

  /// How many bytes at the end begin a UTF-8 character that is not complete (0 to 3).
  static func incompleteCharacterCount(_ bytes: [UInt8]) -> Int {
    var back = 1
    while back <= min(3, bytes.count) {
      let byte = bytes[bytes.count - back]
      if byte & 0xC0 != 0x80 {
        // A lead byte: how long its character is.
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        return length > back ? back : 0
      }
      back += 1
    }
    return 0
  }
}
