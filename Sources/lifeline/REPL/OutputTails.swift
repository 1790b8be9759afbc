import Foundation
import LifelineCore

/// The bounded tails of one ad-hoc command's stdout and stderr, appended from whatever
/// thread the executor reports on.
final class OutputTails: @unchecked Sendable {
  private let lock = NSLock()
  private var tails: [StandardStream: OutputTail] = [:]

  func append(_ bytes: [UInt8], to stream: StandardStream) {
    lock.lock()
    tails[stream, default: OutputTail()].append(bytes)
    lock.unlock()
  }

  var stdout: OutputTail { tail(.stdout) }
  var stderr: OutputTail { tail(.stderr) }

  private func tail(_ stream: StandardStream) -> OutputTail {
    lock.lock()
    defer { lock.unlock() }
    return tails[stream] ?? OutputTail()
  }
}
