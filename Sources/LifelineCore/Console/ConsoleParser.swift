/// Turns a console line into a ``ConsoleCommand``, or says what is wrong with it and what
/// was probably meant.
public enum ConsoleParser {
  /// The command on `line`, or nil for a blank line or a comment (`# …`, for scripts).
  public static func parse(_ line: String) throws(ConsoleParseError) -> ConsoleCommand? {
    let trimmed = line.drop(while: \.isWhitespace)
    if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
    let tokens = try ConsoleTokenizer.tokens(in: line)
    let word = tokens[0].text
    guard let spec = ConsoleCommandTable.command(named: word) else {
      throw ConsoleParseError(
        "unknown command '\(word)'\(Suggestion.didYouMean(word, in: ConsoleCommandTable.allNames)); type help for the list"
      )
    }
    let line = ParsedLine(line: line, spec: spec, tokens: tokens)
    switch spec.name {
    case "help": return .help(topic: try line.optionalWord())
    case "runbooks": return try line.noArguments(.runbooks)
    case "load": return try parseLoad(line)
    case "show": return try line.noArguments(.show)
    case "set": return try parseSet(line)
    case "params": return try line.noArguments(.params)
    case "nodes": return try parseNodes(line)
    case "run": return try line.noArguments(.run, hint: "to load a runbook: load NAME")
    case "step": return try line.noArguments(.step, hint: "to move to a step: goto STEP")
    case "next": return try line.noArguments(.next)
    case "skip": return try line.noArguments(.skip)
    case "goto": return .goto(step: try line.singleWord())
    case "retry": return try line.noArguments(.retry)
    case "exec": return try parseExec(line)
    case "note": return .note(try line.rest(after: 0))
    case "trust": return .trust(node: try line.singleWord())
    case "transcript": return try line.noArguments(.transcript)
    case "resume": return .resume(file: try line.singleWord())
    default: return try line.noArguments(.quit)
    }
  }

  private static func parseLoad(_ line: ParsedLine) throws(ConsoleParseError) -> ConsoleCommand {
    guard line.tokens.count >= 2 else { throw line.usageError("needs a runbook name or path") }
    var parameters: [ParameterAssignment] = []
    for token in line.tokens.dropFirst(2) {
      guard let equals = token.text.firstIndex(of: "="), equals != token.text.startIndex else {
        throw line.usageError("takes parameters as KEY=VALUE, not '\(token.text)'")
      }
      parameters.append(
        ParameterAssignment(
          name: String(token.text[..<equals]), value: String(token.text[token.text.index(after: equals)...])))
    }
    return .load(reference: line.tokens[1].text, parameters: parameters)
  }

  private static func parseSet(_ line: ParsedLine) throws(ConsoleParseError) -> ConsoleCommand {
    guard line.tokens.count >= 2 else { throw line.usageError("needs a parameter name") }
    let name = line.tokens[1].text
    switch line.tokens.count {
    // `set token=VALUE`, as `load` takes parameters: the value is never mistaken for a name,
    // which would show it in the error and keep it in the history.
    case 2 where name.firstIndex(of: "=").map { $0 != name.startIndex } ?? false:
      let equals = name.firstIndex(of: "=")!
      return .set(name: String(name[..<equals]), value: String(name[name.index(after: equals)...]))
    case 2: return .set(name: name, value: nil)
    case 3: return .set(name: name, value: line.tokens[2].text)
    default: return .set(name: name, value: try line.rest(after: 1))
    }
  }

  private static func parseNodes(_ line: ParsedLine) throws(ConsoleParseError) -> ConsoleCommand {
    var check = false
    for token in line.tokens.dropFirst() {
      guard token.text == "--check" else { throw line.unknownOption(token.text) }
      check = true
    }
    return .nodes(check: check)
  }

  private static func parseExec(_ line: ParsedLine) throws(ConsoleParseError) -> ConsoleCommand {
    var index = 1
    var timeout: Duration?
    while index < line.tokens.count, line.tokens[index].text.hasPrefix("--") {
      let option = line.tokens[index].text
      let value: String
      if option.hasPrefix("--timeout=") {
        value = String(option.dropFirst("--timeout=".count))
      } else if option == "--timeout" {
        index += 1
        guard index < line.tokens.count else { throw line.usageError("--timeout needs a duration such as 30s or 5m") }
        value = line.tokens[index].text
      } else {
        throw line.unknownOption(option)
      }
      guard let duration = DurationText.parse(value), duration > .zero else {
        throw line.usageError("--timeout takes a duration such as 30s, 5m or 1m30s, not '\(value)'")
      }
      timeout = duration
      index += 1
    }
    guard index < line.tokens.count else { throw line.usageError("needs a node and a command") }
    let node = line.tokens[index].text
    guard index + 1 < line.tokens.count else { throw line.usageError("needs a command to run on \(node)") }
    return .exec(node: node, command: try line.rest(after: index), timeout: timeout)
  }
}

/// A tokenized line and the command it names, with the checks every command shares.
private struct ParsedLine {
  var line: String
  var spec: ConsoleCommandSpec
  var tokens: [ConsoleToken]

  func usageError(_ problem: String) -> ConsoleParseError {
    ConsoleParseError("\(spec.name) \(problem); usage: \(spec.usage)")
  }

  func unknownOption(_ option: String) -> ConsoleParseError {
    let names = spec.options.map(\.name)
    let known = names.isEmpty ? "it takes none" : "it takes \(names.joined(separator: ", "))"
    return ConsoleParseError(
      "\(spec.name): unknown option '\(option)'\(Suggestion.didYouMean(option, in: names)); \(known)")
  }

  func noArguments(_ command: ConsoleCommand, hint: String? = nil) throws(ConsoleParseError) -> ConsoleCommand {
    guard tokens.count == 1 else {
      throw ConsoleParseError("\(spec.name) takes no arguments" + (hint.map { " (\($0))" } ?? ""))
    }
    return command
  }

  func singleWord() throws(ConsoleParseError) -> String {
    guard tokens.count >= 2 else { throw usageError("needs \(spec.arguments.first?.name ?? "an argument")") }
    guard tokens.count == 2 else { throw usageError("takes one argument") }
    return tokens[1].text
  }

  func optionalWord() throws(ConsoleParseError) -> String? {
    guard tokens.count <= 2 else { throw usageError("takes at most one argument") }
    return tokens.count == 2 ? tokens[1].text : nil
  }

  /// The line after token `index`, exactly as typed (quotes kept), for arguments that are
  /// text of their own: a shell command, a note.
  func rest(after index: Int) throws(ConsoleParseError) -> String {
    let text = String(
      line[tokens[index].range.upperBound...].drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace)
        .reversed())
    guard !text.isEmpty else {
      throw usageError("needs \(spec.arguments.last.map { $0.name } ?? "more")")
    }
    return text
  }
}
