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
    var line: [UInt8] = []
    seal(event, epochMilliseconds: epochMilliseconds, appendingTo: &line)
    return String(decoding: line, as: UTF8.self)
  }

  /// Appends the event's line (without the newline) to `line`, and moves the chain past it.
  /// The line is built, hashed and finished in place: no copy of the text is made.
  public mutating func seal(_ event: TranscriptEvent, epochMilliseconds: Int64, appendingTo line: inout [UInt8]) {
    let start = line.count
    line += "{\"seq\":".utf8
    line += String(nextSequence).utf8
    line += ",\"ts\":".utf8
    JSONValue.writeString(Timestamp.rfc3339(epochMilliseconds: epochMilliseconds), to: &line)
    line += ",\"type\":".utf8
    JSONValue.writeString(event.type.rawValue, to: &line)
    for (key, value) in event.payload {
      line.append(UInt8(ascii: ","))
      JSONValue.writeString(key, to: &line)
      line.append(UInt8(ascii: ":"))
      value.write(to: &line)
    }
    line += ",\"prev\":\"".utf8
    line += head.utf8
    line += "\"}".utf8
    let hash = line.withUnsafeBytes { SHA256.hexDigits(SHA256.digest(UnsafeRawBufferPointer(rebasing: $0[start...]))) }
    line.removeLast()
    line += ",\"hash\":\"".utf8
    line += hash.utf8
    line += "\"}".utf8
    head = hash
    nextSequence += 1
  }

  /// The line's body (the event closed after `prev`) and the hash it claims, or nil when it
  /// is no sealed line. The hash is always the last 64 characters before `"}`, so it is found
  /// from the end without a search, and the body is copied once: a line can be 100 MB.
  static func unseal(_ line: Substring) -> (body: String, hash: String)? {
    let bytes = line.utf8
    let marker = ",\"hash\":\"".utf8
    let tail = 64 + 2
    guard bytes.count >= marker.count + tail else { return nil }
    let hashEnd = bytes.index(bytes.endIndex, offsetBy: -2)
    let hashStart = bytes.index(bytes.endIndex, offsetBy: -tail)
    let markerStart = bytes.index(hashStart, offsetBy: -marker.count)
    guard bytes[hashEnd...].elementsEqual("\"}".utf8), bytes[markerStart..<hashStart].elementsEqual(marker) else {
      return nil
    }
    var body = ""
    body.reserveCapacity(bytes.distance(from: bytes.startIndex, to: markerStart) + 1)
    body += line[..<markerStart]
    body += "}"
    return (body, String(line[hashStart..<hashEnd]))
  }
}
