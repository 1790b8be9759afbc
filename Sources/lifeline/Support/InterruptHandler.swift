import Foundation
import LifelineCore
import Synchronization

/// Turns Ctrl-C into step cancellation during `lifeline run`: the first cancels the running
/// step (the finally steps still run), the next cancels each finally step in turn, and a
/// fourth ends the process at once.
///
/// `@unchecked`: the dispatch source is set up in `init` and cancelled in `stop`, never shared.
final class InterruptHandler: @unchecked Sendable {
  private let source: DispatchSourceSignal
  /// Ctrl-C presses so far.
  private let count = Mutex(0)

  init(canceller: StepCanceller) {
    signal(SIGINT, SIG_IGN)
    source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { [unowned self] in
      let count = self.count.withLock { count in
        count += 1
        return count
      }
      if count >= 4 {
        StandardStreams.error("interrupted again: exiting without cleaning up")
        exit(130)
      }
      StandardStreams.error(
        count == 1
          ? "cancelling the running step; the runbook's finally steps will still run (Ctrl-C again to skip them)"
          : "cancelling the current clean-up step")
      canceller.cancel()
    }
    source.resume()
  }

  func stop() {
    source.cancel()
    signal(SIGINT, SIG_DFL)
  }
}
