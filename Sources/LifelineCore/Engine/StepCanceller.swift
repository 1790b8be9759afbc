import Foundation

/// Lets a signal handler or the REPL cancel the step that is running, and only that step.
///
/// Cancelling the whole run task would also cancel the finally steps that must follow a
/// cancelled step; the runner registers each step's task here instead.
public final class StepCanceller: @unchecked Sendable {
  private let lock = NSLock()
  private var current: (@Sendable () -> Void)?
  private var pending = false

  public init() {}

  /// Cancels the running step, or the next one to start if none is running.
  public func cancel() {
    lock.lock()
    let action = current
    if action == nil { pending = true }
    lock.unlock()
    action?()
  }

  /// Registers how to cancel the work that starts now; a cancel that came first applies at once.
  public func begin(_ cancel: @escaping @Sendable () -> Void) {
    lock.lock()
    let cancelNow = pending
    pending = false
    current = cancel
    lock.unlock()
    if cancelNow { cancel() }
  }

  /// The registered work is over: a later cancel waits for the next one.
  public func end() {
    lock.lock()
    current = nil
    lock.unlock()
  }
}
