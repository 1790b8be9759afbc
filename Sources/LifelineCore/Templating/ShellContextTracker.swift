/// Follows the shell syntax of a command template, one character at a time, well enough to
/// tell the ``ShellContext`` of each placeholder: quotes, `$(…)` and backquoted command
/// substitutions, `${…}`, `$((…))`, `$'…'`, comments and here-documents.
///
/// It reads each character once, plus the lines that could end a here-document and the words
/// that name one, so the work grows linearly with the text.
struct ShellContextTracker {
  private enum Frame {
    /// Commands: the top level, or inside `$(…)` (`closesWithParen`) or `` `…` ``.
    case command(CommandState)
    case singleQuoted
    case doubleQuoted
    /// `$'…'`: backslash escapes are decoded, so `\'` does not end it.
    case ansiC
    /// `${…}`, counting nested braces.
    case parameter(depth: Int)
    /// `$((…))`, counting nested parentheses.
    case arithmetic(depth: Int)
    case comment
    case heredoc(PendingHeredoc)
  }

  private struct CommandState {
    enum Closer {
      case end
      case paren
      case backquote
    }

    var closer: Closer
    /// Open `(` of subshells and groups inside this frame.
    var parens = 0
    /// The number of the current word in the simple command: 0 is the command name.
    var word = 0
    var atWordStart = true
    /// True while the current word holds only quote characters so far.
    var wordIsBare = true
    /// A `--` word ended the options of this simple command.
    var optionsEnded = false
    /// The first characters of the command's name, to know the commands that take no options.
    var name = ""
    /// Here-documents whose bodies start after the current line.
    var pendingHeredocs: [PendingHeredoc] = []

    /// After `;`, `&`, `|`, a newline or a parenthesis, a new simple command begins.
    mutating func beginCommand() {
      word = 0
      name = ""
      atWordStart = true
      wordIsBare = true
      optionsEnded = false
    }

    /// A blank ends the current word (blanks in a row end nothing more).
    mutating func endWord(text: String) {
      guard !atWordStart else { return }
      if word == 0, ShellContextTracker.commandPrefixes.contains(name) {
        beginCommand()
        return
      }
      if text == "--" { optionsEnded = true }
      word += 1
      atWordStart = true
      wordIsBare = true
    }
  }

  struct PendingHeredoc {
    var delimiter: String
    var expands: Bool
    var stripsTabs: Bool
  }

  private let text: [Unicode.Scalar]
  private var stack: [Frame] = [.command(CommandState(closer: .end))]
  /// Problems in the shell text itself (a placeholder as a here-document's delimiter).
  private(set) var problems: [(message: String, offset: Int)] = []

  init(_ text: [Unicode.Scalar]) {
    self.text = text
  }

  // MARK: What a placeholder at the current position gets

  /// The context of a placeholder at the current position; `textBefore`/`textAfter` are the
  /// literal rest of its line, for here-documents.
  func context(textBefore: String?, textAfter: String?) -> ShellContext {
    if backquoteDepth > 1 {
      return .unsupported(reason: "it stands in a backquoted substitution inside another one; write $( ) instead")
    }
    if backquoteInsideDoubleQuotes {
      return .unsupported(
        reason:
          "it stands in a backquoted substitution inside double quotes, where the shell's escaping differs; write \"$( … )\" instead"
      )
    }
    switch stack.last! {
    case .command: return .unquoted
    case .singleQuoted: return .singleQuoted
    case .doubleQuoted: return .doubleQuoted
    case .ansiC: return .unsupported(reason: "it stands inside $'…', which decodes backslash escapes; use '…' or \"…\"")
    case .parameter:
      return .unsupported(
        reason: "it stands inside ${…}, where quoting rules differ between shells; assign it to a variable first")
    case .arithmetic: return .arithmetic
    case .comment: return .comment
    case .heredoc(let pending):
      return .heredoc(
        HeredocBody(
          delimiter: pending.delimiter, expands: pending.expands, stripsTabs: pending.stripsTabs,
          textBefore: textBefore, textAfter: textAfter))
    }
  }

  /// True when the placeholder is inside a backquoted command substitution.
  var isInsideBackquotes: Bool { backquoteDepth > 0 }

  /// True when a placeholder here begins the first argument of a command, before any `--`:
  /// a value starting with `-` would be read as an option.
  var isAtFirstArgument: Bool {
    for frame in stack.reversed() {
      switch frame {
      case .command(let state):
        return state.word == 1 && state.wordIsBare && !state.optionsEnded
          && !Self.commandsWithoutOptions.contains(state.name)
      case .singleQuoted, .doubleQuoted: continue
      default: return false
      }
    }
    return false
  }

  /// Commands and reserved words whose first argument is never an option: `case WORD in`,
  /// `for NAME in`, `[ WORD … ]` and `test`, whose meaning comes from the number of arguments.
  private static let commandsWithoutOptions: Set = ["case", "for", "[", "[[", "test", "export", "local", "readonly"]
  /// Reserved words after which a new command begins.
  private static let commandPrefixes: Set = ["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]

  private var backquoteDepth: Int {
    stack.reduce(0) { count, frame in
      if case .command(let state) = frame, state.closer == .backquote { return count + 1 }
      return count
    }
  }

  private var backquoteInsideDoubleQuotes: Bool {
    var sawDouble = false
    for frame in stack {
      if case .doubleQuoted = frame { sawDouble = true }
      if case .command(let state) = frame, state.closer == .backquote, sawDouble { return true }
    }
    return false
  }

  /// A placeholder was substituted at the current position: it is part of a word.
  mutating func notePlaceholder() {
    updateCommand { state in
      if state.atWordStart { state.atWordStart = false }
      state.wordIsBare = false
    }
  }

  // MARK: Reading text

  /// Reads the character at `index` (and any that belong to it) and returns the index after
  /// what was read.
  mutating func consume(at index: Int) -> Int {
    let scalar = text[index]
    switch stack.last! {
    case .command(let state): return consumeInCommand(scalar, at: index, state)
    case .singleQuoted:
      if scalar == "'" { stack.removeLast() } else { markQuotedWordContent() }
      return index + 1
    case .ansiC:
      if scalar == "\\" { return min(index + 2, text.count) }
      if scalar == "'" { stack.removeLast() }
      return index + 1
    case .doubleQuoted:
      if scalar == "\"" {
        stack.removeLast()
        return index + 1
      }
      markQuotedWordContent()
      if scalar == "\\" { return min(index + 2, text.count) }
      return consumeExpansion(at: index) ?? index + 1
    case .parameter(let depth):
      if scalar == "\\" { return min(index + 2, text.count) }
      if let next = consumeExpansion(at: index) { return next }
      if scalar == "{" { replaceTop(.parameter(depth: depth + 1)) }
      if scalar == "}" {
        if depth == 0 { stack.removeLast() } else { replaceTop(.parameter(depth: depth - 1)) }
      }
      return index + 1
    case .arithmetic(let depth):
      if let next = consumeExpansion(at: index) { return next }
      if scalar == "(" { replaceTop(.arithmetic(depth: depth + 1)) }
      if scalar == ")" {
        if depth == 0, index + 1 < text.count, text[index + 1] == ")" {
          stack.removeLast()
          return index + 2
        }
        replaceTop(.arithmetic(depth: max(0, depth - 1)))
      }
      return index + 1
    case .comment:
      if scalar == "\n" {
        stack.removeLast()
        return consume(at: index)
      }
      return index + 1
    case .heredoc(let pending):
      if scalar == "\\", pending.expands { return min(index + 2, text.count) }
      if pending.expands, let next = consumeExpansion(at: index) { return next }
      if scalar == "\n" {
        let lineStart = index + 1
        if let lineEnd = endOfDelimiterLine(startingAt: lineStart, for: pending) {
          stack.removeLast()
          // The body ended; the line after it belongs to the commands again.
          return lineEnd
        }
      }
      return index + 1
    }
  }

  private mutating func consumeInCommand(_ scalar: Unicode.Scalar, at index: Int, _ state: CommandState) -> Int {
    var state = state
    switch scalar {
    case "\\":
      markWordContent()
      if state.closer == .backquote, index + 1 < text.count, text[index + 1] == "`" {
        // Inside backquotes, \` opens (and closes) a nested backquoted substitution.
        if backquoteDepth > 1 { stack.removeLast() } else { stack.append(.command(CommandState(closer: .backquote))) }
      }
      return min(index + 2, text.count)
    case "'":
      markWordContent(quote: true)
      stack.append(.singleQuoted)
      return index + 1
    case "\"":
      markWordContent(quote: true)
      stack.append(.doubleQuoted)
      return index + 1
    case "$":
      markWordContent()
      if index + 1 < text.count, text[index + 1] == "'" {
        stack.append(.ansiC)
        return index + 2
      }
      return consumeExpansion(at: index) ?? index + 1
    case "`":
      if state.closer == .backquote {
        stack.removeLast()
        return index + 1
      }
      markWordContent()
      stack.append(.command(CommandState(closer: .backquote)))
      return index + 1
    case "(":
      state.parens += 1
      state.beginCommand()
      replaceTop(.command(state))
      return index + 1
    case ")":
      if state.parens == 0, state.closer == .paren {
        stack.removeLast()
        return index + 1
      }
      state.parens = max(0, state.parens - 1)
      state.beginCommand()
      replaceTop(.command(state))
      return index + 1
    case "#" where state.atWordStart:
      stack.append(.comment)
      return index + 1
    case "\n":
      let pending = state.pendingHeredocs
      state.pendingHeredocs = []
      state.beginCommand()
      replaceTop(.command(state))
      // The first here-document of the line is read first: it goes on top.
      for heredoc in pending.reversed() {
        stack.append(.heredoc(heredoc))
      }
      if let first = pending.first, let lineEnd = endOfDelimiterLine(startingAt: index + 1, for: first) {
        // An empty body: the very next line ends it.
        stack.removeLast()
        return lineEnd
      }
      return index + 1
    case ";", "&", "|":
      state.beginCommand()
      replaceTop(.command(state))
      return index + 1
    case " ", "\t":
      state.endWord(text: wordText(endingAt: index))
      replaceTop(.command(state))
      return index + 1
    case "<" where index + 1 < text.count && text[index + 1] == "<":
      if index + 2 < text.count, text[index + 2] == "<" { return index + 3 }  // a here-string
      return readHeredocOperator(at: index, state)
    default:
      markWordContent()
      if state.word == 0, state.name.unicodeScalars.count < 16 {
        updateCommand { $0.name.unicodeScalars.append(scalar) }
      }
      return index + 1
    }
  }

  /// `$(`, `$((`, `${` and `` ` `` where expansions happen; nil when there is none at `index`.
  private mutating func consumeExpansion(at index: Int) -> Int? {
    let scalar = text[index]
    if scalar == "`" {
      stack.append(.command(CommandState(closer: .backquote)))
      return index + 1
    }
    guard scalar == "$", index + 1 < text.count else { return nil }
    switch text[index + 1] {
    case "(":
      if index + 2 < text.count, text[index + 2] == "(" {
        stack.append(.arithmetic(depth: 0))
        return index + 3
      }
      stack.append(.command(CommandState(closer: .paren)))
      return index + 2
    case "{":
      stack.append(.parameter(depth: 0))
      return index + 2
    default: return nil
    }
  }

  /// Reads `<<WORD` or `<<-WORD`; the body starts after the current line.
  private mutating func readHeredocOperator(at index: Int, _ state: CommandState) -> Int {
    var state = state
    var position = index + 2
    var stripsTabs = false
    if position < text.count, text[position] == "-" {
      stripsTabs = true
      position += 1
    }
    while position < text.count, text[position] == " " || text[position] == "\t" { position += 1 }
    var delimiter = String.UnicodeScalarView()
    var quoted = false
    var quote: Unicode.Scalar?
    let wordStart = position
    while position < text.count {
      let scalar = text[position]
      if let open = quote {
        if scalar == open { quote = nil } else { delimiter.append(scalar) }
      } else if scalar == "'" || scalar == "\"" {
        quote = scalar
        quoted = true
      } else if scalar == "\\" {
        quoted = true
        position += 1
        if position < text.count { delimiter.append(text[position]) }
      } else if " \t\n;&|<>()".unicodeScalars.contains(scalar) {
        break
      } else {
        delimiter.append(scalar)
      }
      position += 1
    }
    let word = String(delimiter)
    if word.contains("{{") || String(String.UnicodeScalarView(text[wordStart..<position])).contains("{{") {
      problems.append(("a placeholder cannot name a here-document's delimiter", wordStart))
    } else if !word.isEmpty {
      state.pendingHeredocs.append(PendingHeredoc(delimiter: word, expands: !quoted, stripsTabs: stripsTabs))
    }
    state.atWordStart = true
    replaceTop(.command(state))
    return max(position, index + 2)
  }

  /// The index after the line starting at `start` when that line ends the here-document,
  /// nil when it is a line of its body.
  private func endOfDelimiterLine(startingAt start: Int, for heredoc: PendingHeredoc) -> Int? {
    var position = start
    if heredoc.stripsTabs { while position < text.count, text[position] == "\t" { position += 1 } }
    for scalar in heredoc.delimiter.unicodeScalars {
      guard position < text.count, text[position] == scalar else { return nil }
      position += 1
    }
    guard position == text.count || text[position] == "\n" else { return nil }
    return position
  }

  /// The word that ends at `index`, for recognising `--`; only short words are looked at.
  private func wordText(endingAt index: Int) -> String {
    var start = index
    while start > 0, index - start < 2, text[start - 1] != " ", text[start - 1] != "\t" { start -= 1 }
    if start > 0, text[start - 1] != " ", text[start - 1] != "\t" { return "" }
    return String(String.UnicodeScalarView(text[start..<index]))
  }

  private mutating func markWordContent(quote: Bool = false) {
    updateCommand { state in
      state.atWordStart = false
      if !quote { state.wordIsBare = false }
    }
  }

  /// Text inside quotes: the word they belong to no longer begins with a placeholder.
  private mutating func markQuotedWordContent() {
    guard stack.count >= 2, case .command(var state) = stack[stack.count - 2], state.wordIsBare else { return }
    state.wordIsBare = false
    stack[stack.count - 2] = .command(state)
  }

  private mutating func updateCommand(_ change: (inout CommandState) -> Void) {
    guard case .command(var state) = stack.last! else { return }
    change(&state)
    replaceTop(.command(state))
  }

  private mutating func replaceTop(_ frame: Frame) {
    stack[stack.count - 1] = frame
  }
}
