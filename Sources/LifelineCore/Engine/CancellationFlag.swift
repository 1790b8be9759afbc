import Synchronization

/// Set once when work should stop: its task was cancelled, or its executor is shutting down.
///
/// The one flag for work that runs on a thread of its own (an SSH command, a local process, an
/// HTTPS transfer): that thread checks it between reads, since Swift's task cancellation does not
/// reach it there. Unlike ``StepCanceller``, which finds the step that is running, it belongs to
/// one piece of work.
public final class CancellationFlag: Sendable {
  private let cancelled = Mutex(false)

  public init() {}

  public func cancel() {
    cancelled.withLock { $0 = true }
  }

  public var isCancelled: Bool {
    cancelled.withLock { $0 }
  }
}
