import Foundation
import LifelineCore

/// Turns Ctrl-C into step cancellation during `lifeline run`: the first cancels the running
/// step (the finally steps still run), the next cancels each finally step in turn, and a
/// fourth ends the process at once.
final class InterruptHandler: @unchecked Sendable {
  private let source: DispatchSourceSignal
  private var count = 0

  init(canceller: StepCanceller) {
    signal(SIGINT, SIG_IGN)
    source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { [unowned self] in
      self.count += 1
      if self.count >= 4 {
        StandardStreams.error("interrupted again: exiting without cleaning up")
        exit(130)
      }
      StandardStreams.error(
        self.count == 1
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
