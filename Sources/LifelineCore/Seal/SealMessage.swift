/// What a seal signs and a witness keeps: which transcript, how many events it held, and the
/// hash of the last of them.
///
/// It is one line of plain ASCII, so that `ssh-keygen -Y verify` can check it as it stands in
/// the record, `logger` can put it into a node's journal, and `sed` can cut it out of either:
///
///     lifeline-transcript-seal v1 file=2026-11-06T17-40-12Z_node-recovery_pve2.jsonl events=39 hash=9f…
public struct SealMessage: Sendable, Hashable {
  /// The SSHSIG namespace (`ssh-keygen -Y sign -n`): a signature made for a transcript seal
  /// cannot be passed off as one for anything else, and the other way round.
  public static let namespace = "lifeline-transcript"
  static let marker = "lifeline-transcript-seal v1"

  /// The transcript's file name, with every character other than letters, digits, `.`, `-`
  /// and `_` written as `-`.
  public var file: String
  /// How many events the record held when it was sealed: the seal covers lines 1 to `events`.
  public var events: Int
  /// The `hash` of line `events`.
  public var hash: String

  public init(fileName: String, events: Int, hash: String) {
    self.file = Self.label(fileName)
    self.events = events
    self.hash = hash
  }

  /// The message as one line, without its newline: what the record and the journal hold.
  public var line: String { "\(Self.marker) file=\(file) events=\(events) hash=\(hash)" }

  /// The bytes the signature covers: the line and its newline, as `sed` prints it.
  public var signedText: String { line + "\n" }

  /// Finds a message anywhere in `text` (a journal line carries a time, host and tag before it).
  public static func find(in text: some StringProtocol) -> SealMessage? {
    guard let start = text.range(of: marker) else { return nil }
    var file: String?
    var events: Int?
    var hash: String?
    for word in text[start.upperBound...].split(separator: " ") {
      guard let equals = word.firstIndex(of: "=") else { continue }
      let value = String(word[word.index(after: equals)...])
      switch word[..<equals] {
      case "file": file = value
      case "events": events = Int(value)
      case "hash": hash = value
      default: continue
      }
    }
    guard let file, label(file) == file, let events, events > 0, let hash, hash.count == 64,
      hash.allSatisfy(\.isHexDigit)
    else { return nil }
    return SealMessage(fileName: file, events: events, hash: hash)
  }

  /// A file name as a message carries it.
  public static func label(_ fileName: String) -> String {
    String(
      fileName.map { character in
        character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character)) ? character : "-"
      })
  }
}
