import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where `pvecm add` asks its questions: the root password of the peer (read without echo on a
/// terminal, as a plain line otherwise, with no prompt then) and whether to trust the peer's
/// certificate. What the command printed so far is shown before each question.
struct JoinConsole: Sendable {
  var isTerminal: Bool
  /// Shows text at once.
  var show: @Sendable (String) -> Void
  /// One line without its newline; nil at end of input.
  var readLine: @Sendable (_ echo: Bool) -> String?

  /// The simulator process's own stdin and stdout: the SSH session of whoever runs `pvecm add`.
  static let standard = JoinConsole(
    isTerminal: isatty(0) == 1,
    show: { text in
      FileHandle.standardOutput.write(Data(text.utf8))
    },
    readLine: { echo in
      var saved = termios()
      let terminal = isatty(0) == 1 && tcgetattr(0, &saved) == 0
      if terminal && !echo {
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(0, TCSANOW, &quiet)
      }
      defer { if terminal && !echo { tcsetattr(0, TCSANOW, &saved) } }
      return Swift.readLine(strippingNewline: true)
    })

  /// PVE::PTY::read_password: a prompt and no echo on a terminal; otherwise just the next line.
  func password(_ prompt: String, shownBefore pending: inout String) -> String? {
    show(pending + (isTerminal ? prompt : ""))
    pending = ""
    let answer = readLine(false)
    if isTerminal { show("\n") }
    return answer
  }

  /// A question answered on its line, as the API client's fingerprint check asks it.
  func ask(_ question: String, shownBefore pending: inout String) -> String? {
    show(pending + question)
    pending = ""
    return readLine(true)
  }
}
