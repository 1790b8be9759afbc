import Synchronization

/// Sends each Ctrl-C to what is running: the step or command of the moment is cancelled.
/// At the prompt, the line editor itself clears the line, and nothing else happens.
final class InterruptRouter: Sendable {
  private struct State {
    var cancelRunning: (@Sendable () -> Void)?
    var presses = 0
  }

  private let state = Mutex(State())

  /// Called for every Ctrl-C, on the signal's listening thread.
  func interrupt() {
    let cancel = state.withLock { state in
      state.presses += 1
      return state.cancelRunning
    }
    cancel?()
  }

  /// Runs `body` with Ctrl-C wired to `cancel`.
  func whileRunning<Result>(cancel: @escaping @Sendable () -> Void, _ body: () async -> Result) async -> Result {
    state.withLock { $0.cancelRunning = cancel }
    defer { state.withLock { $0.cancelRunning = nil } }
    return await body()
  }

  /// Ctrl-C presses since the last call: a script stops at the first.
  func takePresses() -> Int {
    state.withLock { state in
      defer { state.presses = 0 }
      return state.presses
    }
  }
}
