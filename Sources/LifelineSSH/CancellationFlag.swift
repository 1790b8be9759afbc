import Synchronization

/// Set when a command should stop: its task was cancelled, or the executor is shutting down.
/// The node's thread checks it between reads.
final class CancellationFlag: Sendable {
  private let cancelled = Mutex(false)

  func cancel() {
    cancelled.withLock { $0 = true }
  }

  var isCancelled: Bool {
    cancelled.withLock { $0 }
  }
}
