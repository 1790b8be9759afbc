import CLibSSH
import LifelineCore

/// Reads what has arrived on a command's channel and delivers it as output events.
struct ChannelOutput {
  enum Progress {
    case delivered
    case idle
    case failed
  }

  private static let chunkSize = 64 * 1024

  private let channel: SSHChannel
  private let events: @Sendable (ExecutionEvent) -> Void
  private var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
  private var leadingLine = ProcessGroupLine()

  init(channel: SSHChannel, events: @escaping @Sendable (ExecutionEvent) -> Void) {
    self.channel = channel
    self.events = events
  }

  /// The remote process group, once its line has arrived.
  var processGroup: Int32? { leadingLine.processGroup }

  /// Delivers at most one chunk per stream, so the caller checks its deadline between chunks
  /// even when output never pauses.
  mutating func pump() -> Progress {
    var progress = Progress.idle
    for stream in [StandardStream.stdout, .stderr] {
      let count = channel.read(into: &buffer, from: stream)
      if count == SSH_ERROR { return .failed }
      guard count > 0 else { continue }
      progress = .delivered
      let bytes = buffer[0..<Int(count)]
      if stream == .stdout {
        deliver(.stdout, leadingLine.commandBytes(in: bytes))
      } else {
        deliver(.stderr, Array(bytes))
      }
    }
    return progress
  }

  /// Delivers what stdout held back, for output that ended without a newline.
  mutating func finish() {
    deliver(.stdout, leadingLine.finish())
  }

  private func deliver(_ stream: StandardStream, _ bytes: [UInt8]) {
    if !bytes.isEmpty { events(.output(stream, bytes)) }
  }
}
