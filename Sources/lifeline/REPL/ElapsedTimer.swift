import Foundation
import LifelineCore
import Synchronization

/// The elapsed time of the running step against its timeout, on one line of stderr that is
/// redrawn in place (`⏱ 0:12 / 1:00`). Only on a terminal; output lines are printed above
/// it, never mixed into it.
final class ElapsedTimer: Sendable {
  private struct State {
    var started: ContinuousClock.Instant?
    var limit: Duration = .zero
    var ticker: DispatchSourceTimer?
    var shown = false
    var paused = false
  }

  private let enabled: Bool
  private let style: Style
  private let state = Mutex(State())

  init(enabled: Bool, style: Style) {
    self.enabled = enabled
    self.style = style
  }

  func start(limit: Duration) {
    guard enabled else { return }
    state.withLock { state in
      state.started = ContinuousClock.now
      state.limit = limit
      if state.ticker == nil {
        let ticker = DispatchSource.makeTimerSource(queue: .global())
        ticker.schedule(deadline: .now(), repeating: .milliseconds(500))
        ticker.setEventHandler { [weak self] in self?.tick() }
        ticker.resume()
        state.ticker = ticker
      }
      draw(&state)
    }
  }

  func stop() {
    guard enabled else { return }
    state.withLock { state in
      state.ticker?.cancel()
      state.ticker = nil
      state.started = nil
      erase(&state)
    }
  }

  /// Takes the line away while something else uses the terminal (a passphrase prompt).
  func pause() {
    guard enabled else { return }
    state.withLock { state in
      state.paused = true
      erase(&state)
    }
  }

  func resume() {
    guard enabled else { return }
    state.withLock { state in
      state.paused = false
      draw(&state)
    }
  }

  /// Prints through `body` with the timer line out of the way.
  func printing(_ body: () -> Void) {
    guard enabled else { return body() }
    state.withLock { state in
      erase(&state)
      body()
      if state.started != nil { draw(&state) }
    }
  }

  private func tick() {
    state.withLock { state in
      if state.started != nil { draw(&state) }
    }
  }

  private func draw(_ state: inout State) {
    guard let started = state.started, !state.paused else { return }
    let elapsed = ContinuousClock.now - started
    let line = "  ⏱ \(Self.clock(elapsed)) / \(Self.clock(state.limit))  Ctrl-C cancels"
    StandardStreams.write("\r\u{1B}[2K" + style.dim(line), to: STDERR_FILENO)
    state.shown = true
  }

  private func erase(_ state: inout State) {
    guard state.shown else { return }
    StandardStreams.write("\r\u{1B}[2K", to: STDERR_FILENO)
    state.shown = false
  }

  /// `0:07`, `12:30`, `1:02:03`.
  static func clock(_ duration: Duration) -> String {
    let seconds = Int(duration.components.seconds)
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
    let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
    return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
  }
}
