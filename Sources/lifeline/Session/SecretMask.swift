import LifelineCore
import Synchronization

/// The secrets a session masks, shared by everything that shows or keeps what commands
/// print: the executor (output as it arrives), the progress on screen, the console's history.
/// It changes when a secret parameter is set; node threads read it while it does.
final class SecretMask: Sendable {
  private let current = Mutex(Redactor(secrets: []))

  var redactor: Redactor { current.withLock { $0 } }

  func update(secrets: [String]) {
    let redactor = Redactor(secrets: secrets)
    current.withLock { $0 = redactor }
  }

  func redact(_ text: String) -> String { redactor.redact(text) }

  func redact(_ bytes: [UInt8]) -> [UInt8] { redactor.redact(bytes) }

  /// `text` as the screen shows it: secrets masked, then escape sequences and other control
  /// characters made visible (``SafeText``). The one way a text that did not come from Lifeline
  /// itself (command output quoted in a reason, a captured value in a question, a runbook's
  /// title, a server's status text or an SSH peer's banner) reaches the operator's terminal.
  func shown(_ text: String) -> String { SafeText.display(redact(text)) }
}
