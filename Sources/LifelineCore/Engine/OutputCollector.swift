import Synchronization

/// Collects the bounded tails of one command's output as the executor reports it, from
/// whatever thread that is.
final class OutputCollector: Sendable {
  private struct State {
    var stdout = OutputTail()
    var stderr = OutputTail()
    var unrecorded = 0
  }

  private let state = Mutex(State())

  func append(_ stream: StandardStream, _ bytes: [UInt8]) {
    state.withLock { state in
      switch stream {
      case .stdout: state.stdout.append(bytes)
      case .stderr: state.stderr.append(bytes)
      }
    }
  }

  /// Counts events the recorder could not write (`nil`), so none goes unnoticed.
  func note(_ recorded: Void?) {
    guard recorded == nil else { return }
    state.withLock { $0.unrecorded += 1 }
  }

  var unrecordedCount: Int {
    state.withLock { $0.unrecorded }
  }

  var tails: (OutputTail, OutputTail) {
    state.withLock { ($0.stdout, $0.stderr) }
  }
}
