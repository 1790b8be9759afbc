import Glibc
import LifelineCore

/// Watches one child on the calling thread until it ends: streams both pipes as bytes arrive,
/// enforces the time limit and stops the whole process group on timeout or cancel.
///
/// Every wait is a `poll` of at most ``checkInterval``, so a cancel is noticed within that
/// interval without a wake-up descriptor per run.
struct ProcessRun: Sendable {
  static let checkInterval: Duration = .milliseconds(50)
  private static let chunkSize = 64 * 1024

  var child: ChildProcess
  var limit: Duration
  var terminationGrace: Duration
  var cancellation: CancellationFlag
  var events: @Sendable (ExecutionEvent) -> Void

  func waitForOutcome() -> CommandOutcome {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
    var stopReason: ExecutionFailure?

    while !isFinished {
      if cancellation.isCancelled {
        stopReason = .cancelled
        break
      }
      let left = deadline - clock.now
      if left <= .zero {
        stopReason = .timeout(limit)
        break
      }
      pump(&buffer, waitingAtMost: min(left, Self.checkInterval))
    }

    if stopReason != nil {
      child.signalGroup(SIGTERM)
      let graceEnd = clock.now + terminationGrace
      while !isFinished, clock.now < graceEnd {
        pump(&buffer, waitingAtMost: min(graceEnd - clock.now, Self.checkInterval))
      }
      // Whatever ignored TERM, or never held the pipes, is still in the group.
      child.signalGroup(SIGKILL)
    }
    let status = child.reap()
    child.closeStdout()
    child.closeStderr()
    if let stopReason { return .failed(stopReason) }
    return ProcessExitStatus.outcome(of: status)
  }

  /// Both pipes at end of file and the leader gone: output that a background job still writes
  /// into the pipes keeps the command running, as it would in a terminal.
  private var isFinished: Bool {
    child.stdout < 0 && child.stderr < 0 && child.hasExited
  }

  /// Waits up to `interval` for output and delivers what arrived; closes a pipe at its end.
  private func pump(_ buffer: inout [UInt8], waitingAtMost interval: Duration) {
    var watched: [(descriptor: Int32, stream: StandardStream)] = []
    if child.stdout >= 0 { watched.append((child.stdout, .stdout)) }
    if child.stderr >= 0 { watched.append((child.stderr, .stderr)) }
    var descriptors = watched.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
    let timeout = Int32(clamping: max(1, interval.milliseconds))
    guard poll(&descriptors, nfds_t(descriptors.count), timeout) > 0 else { return }

    for (index, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
      let count = buffer.withUnsafeMutableBytes { read(descriptor.fd, $0.baseAddress, $0.count) }
      if count > 0 {
        events(.output(watched[index].stream, Array(buffer[0..<count])))
      } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
        switch watched[index].stream {
        case .stdout: child.closeStdout()
        case .stderr: child.closeStderr()
        }
      }
    }
  }
}
