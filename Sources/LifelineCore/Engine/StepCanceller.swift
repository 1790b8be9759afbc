import Synchronization

/// Lets a signal handler or the REPL cancel the step that is running, and only that step.
///
/// Cancelling the whole run task would also cancel the finally steps that must follow a
/// cancelled step; the runner registers each step's task here instead.
public final class StepCanceller: Sendable {
  private struct State {
    var current: (@Sendable () -> Void)?
    var pending = false
  }

  private let state = Mutex(State())

  public init() {}

  /// Cancels the running step, or the next one to start if none is running.
  public func cancel() {
    let action = state.withLock { state in
      if state.current == nil { state.pending = true }
      return state.current
    }
    action?()
  }

  /// Registers how to cancel the work that starts now; a cancel that came first applies at once.
  public func begin(_ cancel: @escaping @Sendable () -> Void) {
    let cancelNow = state.withLock { state in
      defer { state.pending = false }
      state.current = cancel
      return state.pending
    }
    if cancelNow { cancel() }
  }

  /// The registered work is over: a later cancel waits for the next one.
  public func end() {
    state.withLock { $0.current = nil }
  }
}
