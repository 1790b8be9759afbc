import Yams

/// Reads a YAML document node by node, recording located diagnostics instead of stopping at
/// the first problem, so `lifeline check` reports every mistake in one pass.
struct YAMLDocument {
  let file: String
  var diagnostics: [Diagnostic] = []

  /// Files larger than this are refused before parsing: no runbook or inventory is this big,
  /// and parsing one would only hide the mistake behind a long wait.
  static let maximumSize = 4 * 1024 * 1024
  /// Deeper nesting than this is refused before parsing, so hostile input cannot exhaust the stack.
  static let maximumDepth = 64

  init(file: String) { self.file = file }

  /// Parses `text` into its root node, or records why it cannot.
  mutating func parse(_ text: String) -> Node? {
    let start = SourceLocation(file: file, line: 1, column: 1)
    // A byte order mark (Windows editors write one) is no part of the text: libyaml counts it
    // as a column, and then finds the second line less indented than the first.
    var text = text
    if text.unicodeScalars.first == "\u{FEFF}" { text = String(text.unicodeScalars.dropFirst()) }
    if text.utf8.count > Self.maximumSize {
      report("file is larger than \(Self.maximumSize / 1024 / 1024) MiB", at: start)
      return nil
    }
    if let deep = Self.firstPlaceDeeperThanLimit(in: text) {
      report(
        "nesting deeper than \(Self.maximumDepth) levels",
        at: SourceLocation(file: file, line: deep.line, column: deep.column))
      return nil
    }
    if let anchor = Self.firstAnchor(in: text) {
      report(
        "YAML anchors ('&name') and aliases ('*name') are not supported",
        at: SourceLocation(file: file, line: anchor.line, column: anchor.column),
        hint: "write the value out in full: a few nested aliases can expand a small file without bound")
      return nil
    }
    do {
      guard let node = try Yams.compose(yaml: text) else {
        report("the file is empty", at: start, hint: "a runbook starts with 'name:', 'title:' and 'steps:'")
        return nil
      }
      return node
    } catch let error as YamlError {
      record(error)
    } catch {
      report("cannot read YAML: \(error)", at: start)
    }
    return nil
  }

  func location(of node: Node) -> SourceLocation {
    let mark = node.mark
    return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  mutating func report(
    _ message: String, at location: SourceLocation, hint: String? = nil,
    severity: Diagnostic.Severity = .error
  ) {
    diagnostics.append(Diagnostic(message, at: location, severity: severity, hint: hint))
  }

  mutating func report(_ message: String, at node: Node, hint: String? = nil) {
    report(message, at: location(of: node), hint: hint)
  }

  // MARK: Typed reads

  /// The node as a mapping whose keys are all in `allowed`; unknown keys are reported with a
  /// suggestion, since a misspelt key would otherwise be ignored silently.
  mutating func mapping(_ node: Node, what: String, allowed: [String]) -> [(key: String, keyNode: Node, value: Node)]? {
    guard case .mapping(let mapping) = node else {
      report("\(what) must be a mapping of keys to values", at: node)
      return nil
    }
    var seen: Set<String> = []
    var entries: [(key: String, keyNode: Node, value: Node)] = []
    for (keyNode, value) in mapping {
      guard let key = keyNode.scalar?.string else {
        report("keys of \(what) must be plain words", at: keyNode)
        continue
      }
      guard allowed.contains(key) else {
        report(
          "unknown field '\(key)' in \(what)\(Suggestion.didYouMean(key, in: allowed))", at: keyNode,
          hint: "fields of \(what): \(allowed.joined(separator: ", "))")
        continue
      }
      guard seen.insert(key).inserted else {
        report("'\(key)' appears twice in \(what)", at: keyNode)
        continue
      }
      entries.append((key, keyNode, value))
    }
    return entries
  }

  mutating func string(_ node: Node, what: String) -> String? {
    guard case .scalar(let scalar) = node else {
      report("\(what) must be text", at: node)
      return nil
    }
    return scalar.string
  }

  mutating func bool(_ node: Node, what: String) -> Bool? {
    switch node.scalar?.string.lowercased() {
    case "true", "yes": return true
    case "false", "no": return false
    default:
      report("\(what) must be true or false", at: node)
      return nil
    }
  }

  mutating func integer(_ node: Node, what: String, range: ClosedRange<Int>) -> Int? {
    guard let text = node.scalar?.string, let value = Int(text), range.contains(value) else {
      report("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: node)
      return nil
    }
    return value
  }

  mutating func duration(_ node: Node, what: String) -> Duration? {
    guard let text = node.scalar?.string, let value = DurationText.parse(text), value > .zero else {
      report(
        "\(what) must be a duration such as 500ms, 30s, 5m or 1h", at: node,
        hint: "write a number followed by ms, s, m or h")
      return nil
    }
    return value
  }

  mutating func pattern(_ node: Node, what: String) -> Pattern? {
    guard let text = string(node, what: what) else { return nil }
    do {
      return try Pattern(text, at: location(of: node))
    } catch {
      report(
        "\(what) is not a valid regular expression: /\(text)/", at: node,
        hint: "check brackets and escapes; patterns use ICU syntax")
      return nil
    }
  }

  mutating func template(_ node: Node, what: String) -> TemplateText? {
    guard let text = string(node, what: what) else { return nil }
    let (template, problems) = TemplateText.parse(text, at: contentLocation(of: node))
    diagnostics += problems
    return template
  }

  /// Where a scalar's text starts: after the opening quote of a quoted scalar.
  private func contentLocation(of node: Node) -> SourceLocation {
    var location = location(of: node)
    if let style = node.scalar?.style, style == .singleQuoted || style == .doubleQuoted {
      location.column += 1
    }
    return location
  }

  // MARK: Errors from the YAML parser

  private mutating func record(_ error: YamlError) {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      report("invalid YAML: \(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
    case .reader(let problem, _, _, _):
      report(
        "cannot read the file: \(problem)", at: SourceLocation(file: file, line: 1, column: 1),
        hint: "runbooks and inventories are UTF-8 text")
    case .duplicatedKeysInMapping(let duplicates, let context):
      report(
        "duplicate keys: \(duplicates.joined(separator: ", "))",
        at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
    default:
      report("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
    }
  }

  /// A cheap scan for YAML anchors (`&name` where a node can start), done before the
  /// composer sees the text: it expands every alias and hashes mapping keys in full, so an
  /// alias of an alias of … used as a key would take forever ("billion laughs"). It may also
  /// flag text such as `echo &word`, which no runbook needs.
  static func firstAnchor(in text: String) -> (line: Int, column: Int)? {
    var line = 1
    var column = 0
    var previous: Unicode.Scalar = "\n"
    var sawAmpersand = false
    for scalar in text.unicodeScalars {
      column += 1
      // libyaml's anchor names are ASCII letters, digits, '-' and '_'.
      if sawAmpersand, scalar.isASCII,
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
      {
        return (line, column - 1)
      }
      sawAmpersand = scalar == "&" && " \t\r\n\u{FEFF}[{,:".unicodeScalars.contains(previous)
      if scalar == "\n" {
        line += 1
        column = 0
      }
      previous = scalar
    }
    return nil
  }

  /// A cheap scan for flow brackets and indentation deeper than the limit, done before the
  /// recursive composer sees the text.
  static func firstPlaceDeeperThanLimit(in text: String) -> (line: Int, column: Int)? {
    var depth = 0
    var line = 1
    var column = 0
    var atLineStart = true
    var indent = 0
    for scalar in text.unicodeScalars {
      column += 1
      switch scalar {
      case "\n":
        line += 1
        column = 0
        atLineStart = true
        indent = 0
        continue
      case " " where atLineStart:
        indent += 1
        if indent / 2 > maximumDepth * 2 { return (line, column) }
        continue
      case "[", "{":
        depth += 1
        if depth > maximumDepth { return (line, column) }
      case "]", "}":
        depth = max(0, depth - 1)
      default:
        break
      }
      atLineStart = false
    }
    return nil
  }
}

extension Node {
  var scalar: Node.Scalar? {
    if case .scalar(let scalar) = self { return scalar }
    return nil
  }
}
