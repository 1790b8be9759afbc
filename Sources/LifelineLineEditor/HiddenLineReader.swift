import Foundation

/// Reads one line from a terminal without echoing it, for secrets: what is typed appears
/// neither on the screen nor in the history. Call it from the thread that reads the other
/// lines.
public enum HiddenLineReader {
  /// Shows `prompt`, reads a line with echo off, and ends the line on the screen.
  public static func readLine(prompt: String, descriptor: Int32 = STDIN_FILENO) -> LineInput {
    FileHandle.standardOutput.write(Data(prompt.utf8))
    var saved = termios()
    let isTerminal = tcgetattr(descriptor, &saved) == 0
    if isTerminal {
      var silent = saved
      silent.c_lflag &= ~tcflag_t(ECHO)
      silent.c_lflag |= tcflag_t(ICANON)
      tcsetattr(descriptor, TCSAFLUSH, &silent)
    }
    defer {
      if isTerminal { tcsetattr(descriptor, TCSAFLUSH, &saved) }
      FileHandle.standardOutput.write(Data("\n".utf8))
    }
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      let count = InterruptSignal.interruptible { read(descriptor, &byte, 1) }
      if count < 0 {
        if errno == EINTR { return .interrupted }
        return line.isEmpty ? .endOfInput : .line(String(decoding: line, as: UTF8.self))
      }
      if count == 0 { return line.isEmpty ? .endOfInput : .line(String(decoding: line, as: UTF8.self)) }
      if byte == 0x0A { return .line(String(decoding: line, as: UTF8.self)) }
      if byte != 0x0D { line.append(byte) }
    }
  }
}
