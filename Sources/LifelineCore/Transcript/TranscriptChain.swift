/// Seals events into hash-chained JSON lines.
///
/// Each line ends with `"prev"`, the hash of the line before (64 zeros for the first), and
/// `"hash"`, the SHA-256 of the line's own text up to and including `prev` closed with `}`.
/// Changing, removing, inserting or reordering any line breaks the chain at that line. The
/// final hash, printed at the end of a session and written into its report, pins the end.
public struct TranscriptChain: Sendable {
  public static let genesis = String(repeating: "0", count: 64)

  /// The `seq` the next event gets.
  public private(set) var nextSequence: Int
  /// The hash of the last sealed line.
  public private(set) var head: String

  public init() {
    nextSequence = 0
    head = Self.genesis
  }

  /// Continues a chain whose last line had `sequence` and `hash`.
  public init(continuingAfter sequence: Int, hash: String) {
    nextSequence = sequence + 1
    head = hash
  }

  /// The event as one line (without the newline), and the chain moved past it.
  public mutating func seal(_ event: TranscriptEvent, epochMilliseconds: Int64) -> String {
    var pairs: [(String, JSONValue)] = [
      ("seq", .int(Int64(nextSequence))),
      ("ts", .string(Timestamp.rfc3339(epochMilliseconds: epochMilliseconds))),
      ("type", .string(event.type.rawValue)),
    ]
    pairs += event.payload
    pairs.append(("prev", .string(head)))
    let body = JSONValue.object(pairs).serialized()
    let hash = SHA256.hex(body)
    head = hash
    nextSequence += 1
    return String(body.dropLast()) + ",\"hash\":\"\(hash)\"}"
  }

  /// Splits a sealed line into the text its hash covers and the hash it claims.
  static func unseal(_ line: Substring) -> (body: String, hash: String)? {
    let marker = ",\"hash\":\""
    guard line.hasSuffix("\"}"), let range = line.range(of: marker, options: .backwards) else { return nil }
    // In `,"hash":"}` the marker's closing quote is also the suffix's: there is no hash at all.
    let hashEnd = line.index(line.endIndex, offsetBy: -2)
    guard range.upperBound <= hashEnd else { return nil }
    let hash = line[range.upperBound..<hashEnd]
    guard hash.count == 64 else { return nil }
    return (String(line[..<range.lowerBound]) + "}", String(hash))
  }
}
