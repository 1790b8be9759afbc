import Foundation

/// Waiting for something a console does in its own time: never a fixed delay, always a
/// condition polled until it holds or a generous deadline passes.
enum REPLPolling {
  /// How long a test waits for a screen or a process before it fails.
  static let patience: Duration = .seconds(60)

  /// Polls `condition` until it holds; fails after ``patience``.
  static func until(_ what: String, _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + patience
    while ContinuousClock.now < deadline {
      if try condition() { return }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw REPLTestError("never happened: \(what)")
  }
}
