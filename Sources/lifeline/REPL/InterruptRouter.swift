import Synchronization

/// Sends each Ctrl-C to what is running: the step or command of the moment is cancelled, a
/// question being asked is cancelled (and only the question). At the prompt, the line editor
/// itself clears the line, and nothing else happens.
final class InterruptRouter: Sendable {
  private struct State {
    var cancelRunning: (@Sendable () -> Void)?
    var presses = 0
    /// Presses while a question is asked; nil when none is.
    var pressesWhileAsking: Int?
  }

  private let state = Mutex(State())

  /// Called for every Ctrl-C, on the signal's listening thread.
  func interrupt() {
    let cancel = state.withLock { state -> (@Sendable () -> Void)? in
      state.presses += 1
      if let asked = state.pressesWhileAsking {
        state.pressesWhileAsking = asked + 1
        return nil
      }
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

  /// Runs `body`, which asks the operator a question, and says whether Ctrl-C was pressed
  /// meanwhile: the question is then cancelled, whatever the read returned. A press that
  /// comes before the read waits does not interrupt it, and the line typed next (meant as a
  /// command) must not be taken as the answer. The step or command running around the
  /// question is not cancelled by it.
  func whileAsking<Result>(_ body: () async -> Result) async -> (Result, interrupted: Bool) {
    state.withLock { $0.pressesWhileAsking = 0 }
    let result = await body()
    let presses = state.withLock { state in
      defer { state.pressesWhileAsking = nil }
      return state.pressesWhileAsking ?? 0
    }
    return (result, presses > 0)
  }

  /// Ctrl-C presses since the last call: a script stops at the first.
  func takePresses() -> Int {
    state.withLock { state in
      defer { state.presses = 0 }
      return state.presses
    }
  }
}
