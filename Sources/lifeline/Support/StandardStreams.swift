import Foundation
import LifelineCore

/// Writes to stdout and stderr without buffering surprises: each call writes whole lines.
enum StandardStreams {
  private static let lock = NSLock()

  static func out(_ text: String, terminator: String = "\n") {
    write(text + terminator, to: STDOUT_FILENO)
  }

  /// An error message: it may quote what a node, a server or a file said, so it is made
  /// terminal-safe (``SafeText``) as a whole; it holds no styling of Lifeline's own.
  static func error(_ text: String) {
    write("error: " + SafeText.display(text) + "\n", to: STDERR_FILENO)
  }

  static func write(_ text: String, to descriptor: Int32) {
    write(Array(text.utf8), to: descriptor)
  }

  /// Writes all of `bytes`, as they are. Returns 0 once they are written, else the `errno`
  /// that stopped the write: with SIGPIPE ignored, a reader that closed the pipe is EPIPE.
  @discardableResult
  static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    lock.lock()
    defer { lock.unlock() }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
      }
      if written <= 0 {
        if written < 0, errno == EINTR { continue }
        return written < 0 ? errno : EIO
      }
      offset += written
    }
    return 0
  }
}
