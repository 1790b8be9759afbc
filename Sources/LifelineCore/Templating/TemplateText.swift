/// Text with `{{ expression }}` placeholders, parsed once when the runbook loads.
///
/// An expression is a variable path (`node`, `nodes.proxmox.host`) followed by filters
/// (`{{ node | host }}`). See docs/runbook-format.md, "Templates".
public struct TemplateText: Sendable, Hashable, CustomStringConvertible {
  public var source: String
  public var location: SourceLocation
  public var segments: [Segment]

  public enum Segment: Sendable, Hashable {
    case literal(String)
    case expression(TemplateExpression)
  }

  /// Parses `source`; problems are reported at their own column.
  public static func parse(_ source: String, at location: SourceLocation) -> (
    TemplateText, [Diagnostic]
  ) {
    var parser = TemplateParser(source: source, location: location)
    let segments = parser.parse()
    return (TemplateText(source: source, location: location, segments: segments), parser.diagnostics)
  }

  /// A template with no placeholders.
  public init(literal: String, at location: SourceLocation) {
    self.init(source: literal, location: location, segments: [.literal(literal)])
  }

  init(source: String, location: SourceLocation, segments: [Segment]) {
    self.source = source
    self.location = location
    self.segments = segments
  }

  public var expressions: [TemplateExpression] {
    segments.compactMap {
      if case .expression(let expression) = $0 { return expression }
      return nil
    }
  }

  public var isLiteral: Bool { expressions.isEmpty }

  public var description: String { source }
}

public struct TemplateExpression: Sendable, Hashable {
  /// The variable path, split at dots: `["nodes", "proxmox", "host"]`.
  public var path: [String]
  public var filters: [TemplateFilter]
  /// Where the expression starts, for diagnostics.
  public var location: SourceLocation
  /// Where the placeholder stands in the shell text, were the template a command; decides
  /// how ``TemplateScope`` quotes its value (docs/runbook-format.md, "Quoting by context").
  public var shellContext: ShellContext = .unquoted
  /// True inside a backquoted command substitution, which takes one more level of escaping.
  public var isInsideBackquotes = false
  /// True when the placeholder begins a command's first argument before any `--`, where a
  /// value starting with `-` would be read as an option.
  public var isFirstArgument = false

  /// The name the expression looks up first: a parameter, a capture or a built-in.
  public var root: String { path[0] }

  public var isRaw: Bool { filters.contains(.raw) }

  /// True when the placeholder stands inside quotes the author wrote.
  public var insideShellQuotes: Bool { shellContext.isInsideQuotes }

  public init(path: [String], filters: [TemplateFilter], location: SourceLocation) {
    self.path = path
    self.filters = filters
    self.location = location
  }
}

/// What a filter does to a value.
public enum TemplateFilter: String, Sendable, Hashable, CaseIterable {
  /// Substitute the value as it is, without shell quoting: for trusted shell fragments.
  case raw
  /// Read the value as a node name and give that node's address from the inventory.
  case host
  /// The node's SSH port.
  case port
  /// The node's SSH user.
  case user
}
