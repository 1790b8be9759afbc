import Foundation
import LifelineCore
import LifelineSystem

/// Prints an ad-hoc command's output as it arrives, line by line, made safe for the
/// terminal; stderr in yellow. Lines are printed above the elapsed-time line.
final class ExecOutputPrinter: @unchecked Sendable {
  private let style: Style
  private let timer: ElapsedTimer
  private let lock = NSLock()
  private var pending: [StandardStream: [UInt8]] = [:]

  init(style: Style, timer: ElapsedTimer) {
    self.style = style
    self.timer = timer
  }

  func append(_ bytes: [UInt8], from stream: StandardStream) {
    lock.lock()
    defer { lock.unlock() }
    var buffer = pending[stream, default: []] + bytes
    while let newline = buffer.firstIndex(of: 0x0A) {
      emit(Array(buffer[..<newline]), stream)
      buffer.removeSubrange(...newline)
    }
    pending[stream] = buffer
  }

  /// Prints what is left of lines that never ended.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    for stream in [StandardStream.stdout, .stderr] where !(pending[stream] ?? []).isEmpty {
      emit(pending[stream] ?? [], stream)
    }
    pending.removeAll()
  }

  private func emit(_ line: [UInt8], _ stream: StandardStream) {
    let text = SafeText.display(Redacted.shared.redact(line))
    timer.printing { StandardStreams.out("  " + (stream == .stderr ? style.yellow(text) : text)) }
  }
}
