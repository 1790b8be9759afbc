import Foundation

/// A compiled regular expression from a runbook, with the text it came from.
///
/// Patterns use ICU syntax (as `NSRegularExpression`), search anywhere in the output
/// (add `^`/`$` to anchor), and `^`/`$` match at line boundaries, because command
/// output is read line by line.
public struct Pattern: @unchecked Sendable, Hashable, CustomStringConvertible {
  // NSRegularExpression is immutable after creation, so sharing it across tasks is safe.
  public let source: String
  public let location: SourceLocation
  let regex: NSRegularExpression

  public init(_ source: String, at location: SourceLocation) throws {
    self.source = source
    self.location = location
    self.regex = try NSRegularExpression(pattern: source, options: [.anchorsMatchLines])
  }

  public var captureGroupCount: Int { regex.numberOfCaptureGroups }

  public func matches(_ text: String) -> Bool {
    regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  /// The text of the first capture group of the first match, or nil when nothing matches.
  public func firstGroup(in text: String) -> String? {
    guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
      match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text)
    else { return nil }
    return String(text[range])
  }

  public var description: String { "/\(source)/" }

  public static func == (lhs: Pattern, rhs: Pattern) -> Bool { lhs.source == rhs.source }
  public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
