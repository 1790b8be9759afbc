import Foundation

/// A condition on the JSON a step printed: `{path: "[type=cluster].quorate", equals: 1}`.
///
/// The path selects values (see ``JSONPath``); `equals` and `matches` hold when it selects at
/// least one value and every one of them qualifies, so `[type=node].online` `equals: 1`
/// means "every node is online". `exists` and `count` look at how many values it selects.
public struct JSONCheck: Sendable, Hashable, CustomStringConvertible {
  public var path: JSONPath
  public var condition: Condition
  public var location: SourceLocation

  public enum Condition: Sendable, Hashable {
    /// Every selected value is this one, compared as text (numbers as numbers).
    case equals(String)
    /// Every selected value's text matches this pattern.
    case matches(Pattern)
    /// The path selects something (true) or nothing (false).
    case exists(Bool)
    /// The number of selected values compares with a number: `count: 3`, `count: ">= 2"`.
    case count(CountComparison)
  }

  public init(path: JSONPath, condition: Condition, location: SourceLocation) {
    self.path = path
    self.condition = condition
    self.location = location
  }

  /// `json [type=cluster].quorate == 1`, as checks are named in reasons and transcripts.
  public var description: String {
    let subject = "json \(path.source.isEmpty ? "." : path.source)"
    switch condition {
    case .equals(let value): return "\(subject) == \(value)"
    case .matches(let pattern): return "\(subject) =~ \(pattern)"
    case .exists(let exists): return "\(subject) \(exists ? "exists" : "does not exist")"
    case .count(let comparison): return "\(subject) count \(comparison)"
    }
  }

  /// Whether the check holds on `document`, and what was seen when it does not.
  public func evaluate(on document: JSONValue) -> (held: Bool, observed: String?) {
    let values = path.select(in: document)
    let seen = values.isEmpty ? "nothing at that path" : "got " + Self.list(values)
    switch condition {
    case .equals(let expected):
      let held = !values.isEmpty && values.allSatisfy { $0.matchesText(expected) }
      return (held, held ? nil : seen)
    case .matches(let pattern):
      let held = !values.isEmpty && values.allSatisfy { pattern.matches($0.text) }
      return (held, held ? nil : seen)
    case .exists(let wanted):
      let held = values.isEmpty != wanted
      return (held, held ? nil : seen)
    case .count(let comparison):
      let held = comparison.holds(for: values.count)
      return (held, held ? nil : "count \(values.count)")
    }
  }

  /// The first few values, shortened, for messages.
  private static func list(_ values: [JSONValue]) -> String {
    let shown = values.prefix(5).map { value in
      let text = value.serialized()
      return text.count > 60 ? text.prefix(59) + "…" : text
    }
    return shown.joined(separator: ", ") + (values.count > 5 ? " and \(values.count - 5) more" : "")
  }
}

/// `3`, `>= 2`, `< 3`, `!= 0`: how a count is compared.
public struct CountComparison: Sendable, Hashable, CustomStringConvertible {
  public enum Operator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case atLeast = ">="
    case atMost = "<="
    case greater = ">"
    case less = "<"
  }

  public var op: Operator
  public var value: Int

  public init(_ op: Operator, _ value: Int) {
    self.op = op
    self.value = value
  }

  /// Reads `3` or an operator and a number; nil when the text is neither.
  public init?(_ text: String) {
    var rest = Substring(text.trimmingCharacters(in: .whitespaces))
    var op = Operator.equal
    // Two-character operators first, so `>=` is not read as `>`.
    for candidate in Operator.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
    where rest.hasPrefix(candidate.rawValue) {
      op = candidate
      rest = rest.dropFirst(candidate.rawValue.count)
      break
    }
    guard let value = Int(rest.trimmingCharacters(in: .whitespaces)), value >= 0 else { return nil }
    self.init(op, value)
  }

  public func holds(for count: Int) -> Bool {
    switch op {
    case .equal: count == value
    case .notEqual: count != value
    case .atLeast: count >= value
    case .atMost: count <= value
    case .greater: count > value
    case .less: count < value
    }
  }

  public var description: String { "\(op.rawValue) \(value)" }
}
