import Synchronization

/// Set when the task that runs a local command is cancelled; the thread that watches the
/// process checks it between reads.
final class ProcessCancellation: Sendable {
  private let cancelled = Mutex(false)

  func cancel() {
    cancelled.withLock { $0 = true }
  }

  var isCancelled: Bool {
    cancelled.withLock { $0 }
  }
}
