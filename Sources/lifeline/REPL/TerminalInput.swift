import LifelineCore
import LifelineLineEditor

/// Input from a terminal, through libedit: editing, history and Tab completion.
final class TerminalInput: ReplInput, @unchecked Sendable {
  let isTerminal = true
  let linesRead = 0
  private let thread = InputThread()
  /// Used on the input thread only.
  private let editor: LineEditor
  private let style: Style

  init(historyFile: String?, style: Style) {
    editor = LineEditor(programName: "lifeline", historyFile: historyFile)
    self.style = style
  }

  func readCommand(prompt: ConsolePrompt, completion: ConsoleCompletionContext) async -> LineInput {
    let text = PromptStyle.render(prompt, style: style)
    return await thread.perform { [self] in
      editor.completer = { before in
        let result = ConsoleCompletion.complete(before, in: completion)
        return LineCompletion(word: result.word, candidates: result.candidates)
      }
      return editor.readLine(prompt: text)
    }
  }

  func readAnswer(prompt: String, choices: [String]) async -> LineInput {
    await thread.perform { [self] in
      editor.completer = { before in
        LineCompletion(word: before, candidates: choices.filter { $0.hasPrefix(before) })
      }
      return editor.readLine(prompt: prompt)
    }
  }

  func readSecret(prompt: String) async -> LineInput {
    await thread.perform { HiddenLineReader.readLine(prompt: prompt) }
  }

  func remember(_ entry: String) async {
    await thread.perform { [self] in editor.addToHistory(entry) }
  }
}
