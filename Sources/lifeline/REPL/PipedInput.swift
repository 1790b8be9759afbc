import LifelineCore
import LifelineLineEditor
import Synchronization

/// Input that is not a terminal (`lifeline < drill.txt`): one line per command or answer,
/// no prompt and no editing. Answers are printed after their question, so the output reads
/// as the session went.
final class PipedInput: ReplInput, @unchecked Sendable {
  let isTerminal = false
  private let thread = InputThread()
  /// Used on the input thread only.
  private let reader = PlainLineReader()
  private let count = Mutex(0)

  var linesRead: Int { count.withLock { $0 } }

  func readCommand(prompt: ConsolePrompt, completion: ConsoleCompletionContext) async -> LineInput {
    await readLine()
  }

  func readAnswer(prompt: String, choices: [String]) async -> LineInput {
    let answer = await readLine()
    if case .line(let text) = answer {
      StandardStreams.out(prompt + text)
    } else {
      StandardStreams.out(prompt)
    }
    return answer
  }

  func readSecret(prompt: String) async -> LineInput {
    StandardStreams.out(prompt)
    return await readLine()
  }

  func remember(_ entry: String) async {}

  private func readLine() async -> LineInput {
    let input = await thread.perform { [self] in reader.readLine() }
    if case .line = input { count.withLock { $0 += 1 } }
    return input
  }
}
