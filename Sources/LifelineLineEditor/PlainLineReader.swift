import Foundation

/// Reads lines from a descriptor that is not a terminal (`lifeline < drill.txt`): no
/// editing, no prompt, no echo; Ctrl-C interrupts a read that waits. Like ``LineEditor``,
/// use it from one long-lived thread.
public final class PlainLineReader {
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private var reachedEnd = false

  public init(descriptor: Int32 = STDIN_FILENO) {
    self.descriptor = descriptor
  }

  /// The next line without its line ending (`\n` or `\r\n`); a last line without a newline
  /// still counts.
  public func readLine() -> LineInput {
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        var line = Array(buffer[..<newline])
        buffer.removeSubrange(...newline)
        if line.last == 0x0D { line.removeLast() }
        return .line(String(decoding: line, as: UTF8.self))
      }
      if reachedEnd {
        guard !buffer.isEmpty else { return .endOfInput }
        defer { buffer.removeAll() }
        return .line(String(decoding: buffer, as: UTF8.self))
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = InterruptSignal.interruptible {
        chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      }
      if count < 0 {
        if errno == EINTR { return .interrupted }
        reachedEnd = true
      } else if count == 0 {
        reachedEnd = true
      } else {
        buffer += chunk[..<count]
      }
    }
  }
}
