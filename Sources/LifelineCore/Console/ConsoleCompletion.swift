/// Tab completion for console lines: commands first, then each argument by its kind in
/// ``ConsoleCommandTable``.
public enum ConsoleCompletion {
  public struct Result: Sendable, Hashable {
    /// The word being completed: the end of the text before the cursor.
    public var word: String
    /// Sorted, distinct replacements for `word`, each starting with it.
    public var candidates: [String]

    public init(word: String, candidates: [String]) {
      self.word = word
      self.candidates = candidates
    }
  }

  /// What can complete the word that ends `textBeforeCursor`.
  public static func complete(_ textBeforeCursor: String, in context: ConsoleCompletionContext) -> Result {
    guard let tokens = try? ConsoleTokenizer.tokens(in: textBeforeCursor, lenient: true) else {
      return Result(word: "", candidates: [])
    }
    let startsNewWord = tokens.isEmpty || textBeforeCursor.last?.isWhitespace == true
    let word = startsNewWord ? "" : String(textBeforeCursor[tokens[tokens.count - 1].range])
    let before = startsNewWord ? tokens : Array(tokens.dropLast())
    if !startsNewWord, tokens[tokens.count - 1].isQuoted { return Result(word: word, candidates: []) }
    return Result(word: word, candidates: matching(word, candidates(for: word, after: before, in: context)))
  }

  private static func candidates(
    for word: String, after before: [ConsoleToken], in context: ConsoleCompletionContext
  ) -> [String] {
    guard let first = before.first else { return ConsoleCommandTable.allNames.filter { $0.first?.isLetter == true } }
    guard let spec = ConsoleCommandTable.command(named: first.text) else { return [] }
    if word.hasPrefix("-") { return spec.options.map(\.name) }

    var positional: [String] = []
    var index = 1
    while index < before.count {
      let text = before[index].text
      if let option = spec.options.first(where: { $0.name == text }) {
        if option.valueName != nil {
          index += 1
          if index == before.count { return [] }
        }
      } else if !text.hasPrefix("-") {
        positional.append(text)
      }
      index += 1
    }
    guard let argument = argument(of: spec, at: positional.count) else {
      // More assignments after the first: `load drill node=pve2 tok<Tab>`.
      if spec.arguments.last?.kind == .parameterAssignment, let runbook = positional.first {
        return assignments(for: word, runbook: runbook, in: context)
      }
      return []
    }

    switch argument.kind {
    case .command: return ConsoleCommandTable.commands.map(\.name)
    case .runbook:
      return word.contains("/") || word.hasPrefix(".") || word.hasPrefix("~") ? context.files(word) : context.runbooks
    case .node: return context.nodes
    case .nodeOrLocal: return context.nodes + ["local"]
    case .step: return context.steps
    case .parameter: return context.parameters
    case .parameterValue: return positional.last.flatMap { context.parameterValues[$0] } ?? []
    case .parameterAssignment: return positional.first.map { assignments(for: word, runbook: $0, in: context) } ?? []
    case .file: return context.files(word)
    case .text: return []
    }
  }

  /// `KEY=` for each parameter of the runbook, then node names once the key is typed.
  private static func assignments(for word: String, runbook: String, in context: ConsoleCompletionContext) -> [String] {
    guard let equals = word.firstIndex(of: "=") else { return context.runbookParameters(runbook).map { $0 + "=" } }
    let key = word[..<equals]
    return context.nodes.map { key + "=" + $0 }
  }

  /// The argument at a position; an argument that takes the rest of the line is completed
  /// only at its first word.
  private static func argument(of spec: ConsoleCommandSpec, at position: Int) -> ConsoleArgument? {
    position < spec.arguments.count ? spec.arguments[position] : nil
  }

  private static func matching(_ word: String, _ candidates: [String]) -> [String] {
    Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
  }
}
