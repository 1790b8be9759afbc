/// One stream of one node's output within a step, kept as its beginning and its end.
///
/// A command can print hundreds of megabytes; the record holds all of it, the report only
/// what a reader takes in: everything when it is short, else the first and last lines with
/// how much lies between.
struct ReportOutputExcerpt: Sendable {
  var node: String
  var stream: String
  var firstSequence: Int
  var lastSequence: Int
  private(set) var totalBytes = 0
  private(set) var lineBreaks = 0
  private var head: [UInt8] = []
  private var tail: [UInt8] = []
  private var endsWithLineBreak = false

  /// Bytes kept from each end.
  static let keptBytes = 8192
  /// Lines shown from each end of a long output.
  static let shownLines = 50
  /// Output up to this many lines, and `2 × keptBytes`, is shown whole.
  static let wholeLines = 200
  /// Output longer than this many lines or bytes is folded away behind its size.
  static let foldedLines = 20
  static let foldedBytes = 2048

  init(node: String, stream: String, sequence: Int) {
    self.node = node
    self.stream = stream
    self.firstSequence = sequence
    self.lastSequence = sequence
  }

  mutating func append(_ bytes: [UInt8], sequence: Int) {
    lastSequence = sequence
    guard !bytes.isEmpty else { return }
    totalBytes += bytes.count
    lineBreaks += bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    endsWithLineBreak = bytes.last == 0x0A
    var rest = bytes[...]
    if head.count < Self.keptBytes {
      let taken = rest.prefix(Self.keptBytes - head.count)
      head += taken
      rest = rest.dropFirst(taken.count)
    }
    tail += rest
    // Trim in large steps so many small chunks stay linear.
    if tail.count > Self.keptBytes * 2 { tail.removeFirst(tail.count - Self.keptBytes) }
  }

  var lineCount: Int { lineBreaks + (totalBytes > 0 && !endsWithLineBreak ? 1 : 0) }

  /// What the report shows.
  enum Shown: Sendable, Hashable {
    case empty
    /// Bytes that are not UTF-8 text: only their size is shown.
    case binary
    case whole(String)
    case excerpt(head: String, omittedLines: Int, omittedBytes: Int, tail: String)
  }

  var shown: Shown {
    guard totalBytes > 0 else { return .empty }
    let isComplete = head.count + tail.count == totalBytes
    if isComplete {
      let whole = head + tail
      guard let text = String(validating: whole, as: UTF8.self) else { return .binary }
      if lineCount <= Self.wholeLines { return .whole(text) }
      return excerpt(head: whole[...], tail: whole[...])
    }
    return excerpt(head: head[...], tail: tail.suffix(Self.keptBytes))
  }

  var isFolded: Bool {
    lineCount > Self.foldedLines || totalBytes > Self.foldedBytes
  }

  private func excerpt(head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) -> Shown {
    let first = Self.leadingLines(head, count: Self.shownLines)
    let last = Self.trailingLines(tail, count: Self.shownLines)
    guard let headText = Self.text(first, trimmingStart: false),
      let tailText = Self.text(last, trimmingStart: true)
    else { return .binary }
    let shownLines = first.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } + last.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    return .excerpt(
      head: headText, omittedLines: max(0, lineBreaks - shownLines),
      omittedBytes: totalBytes - first.count - last.count,
      tail: tailText)
  }

  /// The first `count` lines, ending at a line break when one is in reach.
  private static func leadingLines(_ bytes: ArraySlice<UInt8>, count: Int) -> ArraySlice<UInt8> {
    var seen = 0
    for index in bytes.indices where bytes[index] == 0x0A {
      seen += 1
      if seen == count { return bytes[...index] }
    }
    guard let lastBreak = bytes.lastIndex(of: 0x0A) else { return bytes }
    return bytes[...lastBreak]
  }

  /// The last `count` lines, starting after a line break when one is in reach.
  private static func trailingLines(_ bytes: ArraySlice<UInt8>, count: Int) -> ArraySlice<UInt8> {
    var seen = 0
    let body = bytes.last == 0x0A ? bytes.dropLast() : bytes
    for index in body.indices.reversed() where body[index] == 0x0A {
      seen += 1
      if seen == count { return bytes[(index + 1)...] }
    }
    guard let firstBreak = body.firstIndex(of: 0x0A) else { return bytes }
    return bytes[(firstBreak + 1)...]
  }

  /// The bytes as text, ignoring a character cut in two where the excerpt was taken; nil
  /// when they are not UTF-8.
  private static func text(_ bytes: ArraySlice<UInt8>, trimmingStart: Bool) -> String? {
    var slice = bytes
    for _ in 0..<3 {
      if let text = String(validating: slice, as: UTF8.self) { return text }
      guard !slice.isEmpty else { return nil }
      slice = trimmingStart ? slice.dropFirst() : slice.dropLast()
    }
    return String(validating: slice, as: UTF8.self)
  }
}
