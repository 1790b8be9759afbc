/// The last bytes of a command's output, kept for expectations and captures.
///
/// Output is streamed whole into the transcript; only this bounded tail stays in memory,
/// so a command that prints gigabytes cannot exhaust it. Patterns see the tail only.
public struct OutputTail: Sendable, Hashable {
  /// 1 MiB: far more than any status command prints, small enough to keep per node.
  public static let standardLimit = 1 << 20

  public private(set) var bytes: [UInt8] = []
  /// Every byte seen, including those dropped from the tail.
  public private(set) var totalCount = 0
  public let limit: Int

  public init(limit: Int = OutputTail.standardLimit) { self.limit = limit }

  public init(_ text: String, limit: Int = OutputTail.standardLimit) {
    self.limit = limit
    append(Array(text.utf8))
  }

  public var isTruncated: Bool { totalCount > bytes.count }

  public mutating func append(_ chunk: some Collection<UInt8>) {
    totalCount += chunk.count
    bytes.append(contentsOf: chunk)
    // Drop in large steps so a stream of small chunks stays linear.
    if bytes.count > limit * 2 || (bytes.count > limit && chunk.count >= limit) {
      bytes.removeFirst(bytes.count - limit)
    }
  }

  /// The tail as text; invalid UTF-8 becomes U+FFFD so patterns still see the rest.
  public var text: String {
    let tail = bytes.count > limit ? bytes[(bytes.count - limit)...] : bytes[...]
    return String(decoding: tail, as: UTF8.self)
  }
}
