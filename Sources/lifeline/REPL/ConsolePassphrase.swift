import Dispatch
import LifelineCore
import LifelineLineEditor
import LifelineSSH
import Synchronization

/// Asks at the console for the passphrase of an encrypted private key, when a node's
/// connection needs it. The answer is read without echo and never recorded.
enum ConsolePassphrase {
  static func provider(input: any ReplInput, timer: ElapsedTimer) -> PassphraseProvider {
    { request in
      // The provider runs on a node's connection thread, which may block; the read itself
      // happens on the console's input thread.
      let answer = Answer()
      Task {
        timer.pause()
        let typed = await input.readSecret(prompt: "Passphrase for \(request.keyFile) (to reach \(request.node)): ")
        timer.resume()
        answer.give(typed)
      }
      guard case .line(let passphrase) = answer.wait(), !passphrase.isEmpty else { return nil }
      return passphrase
    }
  }

  /// One answer, handed from the input thread to the waiting connection thread.
  private final class Answer: Sendable {
    private let value = Mutex<LineInput?>(nil)
    private let given = DispatchSemaphore(value: 0)

    func give(_ input: LineInput) {
      value.withLock { $0 = input }
      given.signal()
    }

    func wait() -> LineInput? {
      given.wait()
      return value.withLock { $0 }
    }
  }
}
