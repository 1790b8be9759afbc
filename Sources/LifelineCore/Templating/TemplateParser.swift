/// Splits template text into literals and `{{ … }}` expressions, tracking shell quoting.
struct TemplateParser {
  let source: String
  let location: SourceLocation
  var diagnostics: [Diagnostic] = []

  init(source: String, location: SourceLocation) {
    self.source = source
    self.location = location
  }

  mutating func parse() -> [TemplateText.Segment] {
    var segments: [TemplateText.Segment] = []
    var quotes = ShellQuoteTracker()
    var literal = ""
    var index = source.startIndex
    while index < source.endIndex {
      if source[index...].hasPrefix("{{") {
        let open = index
        guard let close = source.range(of: "}}", range: source.index(index, offsetBy: 2)..<source.endIndex)
        else {
          report("'{{' is never closed", at: open, hint: "close the placeholder with '}}'")
          literal += source[open...]
          break
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        literal = ""
        let body = source[source.index(open, offsetBy: 2)..<close.lowerBound]
        if let expression = parseExpression(body, at: open, insideQuotes: quotes.isQuoted) {
          segments.append(.expression(expression))
        }
        index = close.upperBound
        continue
      }
      quotes.consume(source[index])
      literal.append(source[index])
      index = source.index(after: index)
    }
    if !literal.isEmpty { segments.append(.literal(literal)) }
    return segments
  }

  private mutating func parseExpression(
    _ body: Substring, at start: String.Index, insideQuotes: Bool
  ) -> TemplateExpression? {
    let parts = body.split(separator: "|", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let name = parts[0]
    guard !name.isEmpty else {
      report("empty placeholder '{{\(body)}}'", at: start, hint: "write a variable name, as in {{ node }}")
      return nil
    }
    let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard path.allSatisfy(Self.isIdentifier) else {
      report(
        "'\(name)' is not a variable name", at: start,
        hint: "names are letters, digits, '_' and '-', joined by '.' (nodes.proxmox.host)")
      return nil
    }
    var filters: [TemplateFilter] = []
    for filterName in parts.dropFirst() {
      guard let filter = TemplateFilter(rawValue: filterName) else {
        let known = TemplateFilter.allCases.map(\.rawValue)
        report(
          "unknown filter '\(filterName)'\(Suggestion.didYouMean(filterName, in: known))", at: start,
          hint: "filters are \(known.joined(separator: ", "))")
        return nil
      }
      filters.append(filter)
    }
    return TemplateExpression(
      path: path, filters: filters, location: locationOf(start), insideShellQuotes: insideQuotes)
  }

  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic
    else { return false }
    return text.unicodeScalars.allSatisfy {
      $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
    }
  }

  /// The location of a character, for templates written on one line of the source file.
  /// Multi-line scalars (block style) are located by their first line.
  private func locationOf(_ index: String.Index) -> SourceLocation {
    let before = source[..<index]
    guard !before.contains("\n") else { return location }
    var located = location
    located.column += before.unicodeScalars.count
    return located
  }

  private mutating func report(_ message: String, at index: String.Index, hint: String? = nil) {
    diagnostics.append(Diagnostic(message, at: locationOf(index), hint: hint))
  }
}

/// Follows POSIX shell quoting well enough to tell whether a position is inside quotes.
struct ShellQuoteTracker {
  private enum State {
    case unquoted
    case single
    case double
  }

  private var state = State.unquoted
  private var escaped = false

  var isQuoted: Bool { state != .unquoted }

  mutating func consume(_ character: Character) {
    if escaped {
      escaped = false
      return
    }
    switch (state, character) {
    case (.unquoted, "\\"), (.double, "\\"): escaped = true
    case (.unquoted, "'"): state = .single
    case (.single, "'"): state = .unquoted
    case (.unquoted, "\""): state = .double
    case (.double, "\""): state = .unquoted
    default: break
    }
  }
}
