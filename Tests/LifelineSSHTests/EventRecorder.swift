import Foundation
import LifelineCore
import Synchronization

/// Collects what an executor reports, from whatever thread it reports on.
final class EventRecorder: Sendable {
  private struct Record {
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var connections: [ConnectionEvent] = []
    var outputBytes = 0
  }

  private let record = Mutex(Record())
  private let onOutput: @Sendable (EventRecorder) -> Void
  /// Output beyond this many bytes per stream is counted, not kept.
  private let keepLimit: Int

  init(keepLimit: Int = 1 << 20, onOutput: @escaping @Sendable (EventRecorder) -> Void = { _ in }) {
    self.keepLimit = keepLimit
    self.onOutput = onOutput
  }

  var events: @Sendable (ExecutionEvent) -> Void {
    { [self] event in
      switch event {
      case .output(let stream, let bytes):
        record.withLock { record in
          record.outputBytes += bytes.count
          switch stream {
          case .stdout where record.stdout.count < keepLimit: record.stdout += bytes
          case .stderr where record.stderr.count < keepLimit: record.stderr += bytes
          default: break
          }
        }
        onOutput(self)
      case .connection(let connection):
        record.withLock { $0.connections.append(connection) }
      }
    }
  }

  var stdout: [UInt8] { record.withLock { $0.stdout } }
  var stderr: [UInt8] { record.withLock { $0.stderr } }
  var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  var stderrText: String { String(decoding: stderr, as: UTF8.self) }
  var outputBytes: Int { record.withLock { $0.outputBytes } }
  var connections: [ConnectionEvent] { record.withLock { $0.connections } }
  var connectionKinds: [ConnectionEvent.Kind] { connections.map(\.kind) }
}

extension EventRecorder {
  /// Waits, generously, until stdout contains `text`.
  func waitForStdout(containing text: String, within limit: Duration = .seconds(90)) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
      if stdoutText.contains(text) { return true }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return stdoutText.contains(text)
  }
}
