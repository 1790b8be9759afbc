import Foundation
import LifelineCore
import LifelineSystem
import Synchronization

/// `lifeline exec` when stdout is not a terminal, as ssh behaves in a pipe: the command's
/// stdout goes to stdout byte for byte and its stderr to stderr, so `exec NODE -- cat FILE >
/// copy` copies the file; Lifeline's own lines (connected, the outcome) go to stderr. When
/// stderr is a terminal, the command's stderr is shown there as on the screen (indented, made
/// safe): what a node sends never reaches a terminal raw.
///
/// The session's secrets are still masked in what is written, as everywhere else: Lifeline
/// promises that a secret never shows, in a pipe too (ssh would pass it through).
///
/// When stdout cannot be written (the reader went away, as `| head -1` does, or the disk is
/// full), `stopped` is called once, so the command is cancelled rather than run on for
/// nobody; its output goes on being recorded until it ends.
final class PipedOutput: ProgressDisplay {
  /// Lifeline's own lines, on stderr.
  let messages: ProgressPrinter
  private let stopped: @Sendable () -> Void
  private let stderrIsTerminal = isatty(STDERR_FILENO) == 1
  /// The `errno` that stopped writing to stdout, 0 while it works.
  private let failure = Mutex<Int32>(0)

  init(mask: SecretMask, stopped: @escaping @Sendable () -> Void) {
    messages = ProgressPrinter(
      style: Style(enabled: Terminal.usesColor(STDERR_FILENO)), mask: mask, descriptor: STDERR_FILENO)
    self.stopped = stopped
  }

  /// Why stdout could not be written (EPIPE: the reader closed the pipe), or nil.
  var writeFailure: Int32? {
    let code = failure.withLock { $0 }
    return code == 0 ? nil : code
  }

  func show(_ progress: RunProgress) {
    guard case .output(_, _, let stream, let bytes) = progress, !(stream == .stderr && stderrIsTerminal) else {
      messages.show(progress)
      return
    }
    guard stream == .stdout else {
      StandardStreams.write(bytes, to: STDERR_FILENO)
      return
    }
    guard writeFailure == nil else { return }
    let code = StandardStreams.write(bytes, to: STDOUT_FILENO)
    guard code != 0 else { return }
    let first = failure.withLock { current in
      defer { if current == 0 { current = code } }
      return current == 0
    }
    if first { stopped() }
  }

  func flushOutput() { messages.flushOutput() }
}
