import Foundation
import LifelineCore

/// The elapsed time of the running step against its timeout, on one line of stderr that is
/// redrawn in place (`⏱ 0:12 / 1:00`). Only on a terminal; output lines are printed above
/// it, never mixed into it.
final class ElapsedTimer: @unchecked Sendable {
  private let enabled: Bool
  private let style: Style
  private let lock = NSLock()
  private var started: ContinuousClock.Instant?
  private var limit: Duration = .zero
  private var ticker: DispatchSourceTimer?
  private var shown = false
  private var paused = false

  init(enabled: Bool, style: Style) {
    self.enabled = enabled
    self.style = style
  }

  func start(limit: Duration) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    started = ContinuousClock.now
    self.limit = limit
    if ticker == nil {
      let ticker = DispatchSource.makeTimerSource(queue: .global())
      ticker.schedule(deadline: .now(), repeating: .milliseconds(500))
      ticker.setEventHandler { [weak self] in self?.tick() }
      ticker.resume()
      self.ticker = ticker
    }
    draw()
  }

  func stop() {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    ticker?.cancel()
    ticker = nil
    started = nil
    erase()
  }

  /// Takes the line away while something else uses the terminal (a passphrase prompt).
  func pause() {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    paused = true
    erase()
  }

  func resume() {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    paused = false
    draw()
  }

  /// Prints through `body` with the timer line out of the way.
  func printing(_ body: () -> Void) {
    guard enabled else { return body() }
    lock.lock()
    defer { lock.unlock() }
    erase()
    body()
    if started != nil { draw() }
  }

  private func tick() {
    lock.lock()
    defer { lock.unlock() }
    if started != nil { draw() }
  }

  private func draw() {
    guard let started, !paused else { return }
    let elapsed = ContinuousClock.now - started
    let line = "  ⏱ \(Self.clock(elapsed)) / \(Self.clock(limit))  Ctrl-C cancels"
    StandardStreams.write("\r\u{1B}[2K" + style.dim(line), to: STDERR_FILENO)
    shown = true
  }

  private func erase() {
    guard shown else { return }
    StandardStreams.write("\r\u{1B}[2K", to: STDERR_FILENO)
    shown = false
  }

  /// `0:07`, `12:30`, `1:02:03`.
  static func clock(_ duration: Duration) -> String {
    let seconds = Int(duration.components.seconds)
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
    let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
    return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
  }
}
