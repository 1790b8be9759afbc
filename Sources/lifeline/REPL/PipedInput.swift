import LifelineCore
import LifelineLineEditor

/// Input that is not a terminal (`lifeline < drill.txt`): one line per command or answer,
/// no prompt and no editing. Answers are printed after their question, so the output reads
/// as the session went.
final class PipedInput: ReplInput, @unchecked Sendable {
  let isTerminal = false
  private let thread = InputThread()
  /// Used on the input thread only.
  private let reader = PlainLineReader()

  func readCommand(prompt: ConsolePrompt, completion: ConsoleCompletionContext) async -> LineInput {
    await thread.perform { [self] in reader.readLine() }
  }

  func readAnswer(prompt: String, choices: [String]) async -> LineInput {
    let answer = await thread.perform { [self] in reader.readLine() }
    if case .line(let text) = answer {
      StandardStreams.out(prompt + text)
    } else {
      StandardStreams.out(prompt)
    }
    return answer
  }

  func readSecret(prompt: String) async -> LineInput {
    StandardStreams.out(prompt)
    return await thread.perform { [self] in reader.readLine() }
  }

  func remember(_ entry: String) async {}
}
