import LifelineCore
import LifelineLineEditor

/// Where the console's lines come from: a terminal with line editing, or piped input read
/// line by line. Both give commands and answers the same way, so a script behaves as a
/// person typing the same lines would.
protocol ReplInput: Sendable {
  /// A terminal: prompts, colour, history, the elapsed-time line.
  var isTerminal: Bool { get }
  /// Lines read so far, answers included: where a script's errors are (0 on a terminal).
  var linesRead: Int { get }
  func readCommand(prompt: ConsolePrompt, completion: ConsoleCompletionContext) async -> LineInput
  /// An answer to a confirmation or question; never kept in the history.
  func readAnswer(prompt: String, choices: [String]) async -> LineInput
  /// A secret, read without echo.
  func readSecret(prompt: String) async -> LineInput
  /// Keeps a line in the history (already cleared of secrets).
  func remember(_ entry: String) async
}
