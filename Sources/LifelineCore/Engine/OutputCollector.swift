import Foundation

/// Collects the bounded tails of one command's output as the executor reports it, from
/// whatever thread that is.
final class OutputCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var stdout = OutputTail()
  private var stderr = OutputTail()
  private var unrecorded = 0

  func append(_ stream: StandardStream, _ bytes: [UInt8]) {
    lock.lock()
    defer { lock.unlock() }
    switch stream {
    case .stdout: stdout.append(bytes)
    case .stderr: stderr.append(bytes)
    }
  }

  /// Counts events the recorder could not write (`nil`), so none goes unnoticed.
  func note(_ recorded: Void?) {
    guard recorded == nil else { return }
    lock.lock()
    unrecorded += 1
    lock.unlock()
  }

  var unrecordedCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return unrecorded
  }

  var tails: (OutputTail, OutputTail) {
    lock.lock()
    defer { lock.unlock() }
    return (stdout, stderr)
  }
}
