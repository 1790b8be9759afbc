import Foundation

/// The one thread that blocks on the operator's input, for the whole session.
///
/// Reads never block Swift's cooperative threads (two on a two-core machine), and Ctrl-C is
/// forwarded to a thread that is known to stay alive (see `InterruptSignal`).
final class InputThread: @unchecked Sendable {
  private let condition = NSCondition()
  private var queue: [@Sendable () -> Void] = []

  init() {
    let thread = Thread { [self] in serve() }
    thread.name = "console input"
    thread.start()
  }

  /// Runs a blocking read on the input thread and returns its result.
  func perform<Result: Sendable>(_ read: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
      condition.lock()
      queue.append { continuation.resume(returning: read()) }
      condition.signal()
      condition.unlock()
    }
  }

  private func serve() {
    while true {
      condition.lock()
      while queue.isEmpty { condition.wait() }
      let work = queue.removeFirst()
      condition.unlock()
      work()
    }
  }
}
