/// Splits template text into literals and `{{ … }}` expressions, noting the shell context of
/// each expression. One pass over the text: a long one-line template costs what its length does.
struct TemplateParser {
  let source: String
  let location: SourceLocation
  var diagnostics: [Diagnostic] = []
  private let text: [Unicode.Scalar]
  /// Where the first line ends; characters after it are located at the template's start.
  private let firstLineBreak: Int?

  init(source: String, location: SourceLocation) {
    self.source = source
    self.location = location
    text = Array(source.unicodeScalars)
    firstLineBreak = text.firstIndex(of: "\n")
  }

  mutating func parse() -> [TemplateText.Segment] {
    var segments: [TemplateText.Segment] = []
    var shell = ShellContextTracker(text)
    var literal = String.UnicodeScalarView()
    /// The literal text of the current line so far; nil once a placeholder stood on it.
    var lineSoFar: String.UnicodeScalarView? = String.UnicodeScalarView()
    var index = 0
    while index < text.count {
      if isOpening(at: index) {
        guard let close = closing(after: index + 2) else {
          report("'{{' is never closed", at: index, hint: "close the placeholder with '}}'")
          literal.append(contentsOf: text[index...])
          break
        }
        if !literal.isEmpty { segments.append(.literal(String(literal))) }
        literal = String.UnicodeScalarView()
        let body = String(String.UnicodeScalarView(text[(index + 2)..<close]))
        let context = shell.context(textBefore: lineSoFar.map(String.init), textAfter: restOfLine(from: close + 2))
        if var expression = parseExpression(Substring(body), at: index) {
          expression.shellContext = context
          expression.isInsideBackquotes = shell.isInsideBackquotes
          expression.isFirstArgument = shell.isAtFirstArgument
          segments.append(.expression(expression))
        }
        shell.notePlaceholder()
        lineSoFar = nil
        index = close + 2
        continue
      }
      let next = shell.consume(at: index)
      for position in index..<next {
        literal.append(text[position])
        if text[position] == "\n" {
          lineSoFar = String.UnicodeScalarView()
        } else {
          lineSoFar?.append(text[position])
        }
      }
      index = next
    }
    if !literal.isEmpty { segments.append(.literal(String(literal))) }
    for problem in shell.problems { report(problem.message, at: problem.offset) }
    return segments
  }

  private func isOpening(at index: Int) -> Bool {
    index + 1 < text.count && text[index] == "{" && text[index + 1] == "{"
  }

  /// The index of the `}}` that closes a placeholder whose body starts at `start`.
  private func closing(after start: Int) -> Int? {
    var index = start
    while index + 1 < text.count {
      if text[index] == "}", text[index + 1] == "}" { return index }
      index += 1
    }
    return nil
  }

  /// The literal text from `start` to the end of its line; nil when another placeholder
  /// comes first. Reads no further than the next placeholder, so no text is read twice
  /// more than once.
  private func restOfLine(from start: Int) -> String? {
    var rest = String.UnicodeScalarView()
    var index = start
    while index < text.count, text[index] != "\n" {
      if isOpening(at: index) { return nil }
      rest.append(text[index])
      index += 1
    }
    return String(rest)
  }

  private mutating func parseExpression(_ body: Substring, at start: Int) -> TemplateExpression? {
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
    return TemplateExpression(path: path, filters: filters, location: locationOf(start))
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
  private func locationOf(_ offset: Int) -> SourceLocation {
    if let firstLineBreak, offset > firstLineBreak { return location }
    var located = location
    located.column += offset
    return located
  }

  private mutating func report(_ message: String, at offset: Int, hint: String? = nil) {
    diagnostics.append(Diagnostic(message, at: locationOf(offset), hint: hint))
  }
}
