import CLibEdit
import Foundation

/// Line editing on a terminal through libedit: Emacs keys, history (Up, Down, Ctrl-R),
/// Tab completion and a prompt that may contain colour.
///
/// Use it from one long-lived thread (Ctrl-C is forwarded to the thread that reads). Call
/// ``UTF8Locale/ensure()`` first, and install ``InterruptSignal`` so that Ctrl-C returns
/// ``LineInput/interrupted`` instead of ending the process.
public final class LineEditor {
  /// Surrounds parts of a prompt that take no room on the screen (escape sequences), so the
  /// cursor is placed right: `"\u{1}\u{1B}[1m\u{1}name\u{1}\u{1B}[0m\u{1}> "`.
  public static let invisibleDelimiter: Character = "\u{1}"

  /// Called on Tab with the text before the cursor.
  public var completer: ((String) -> LineCompletion)?

  private let editLine: OpaquePointer
  private let history: HistoryStore
  private var prompt: UnsafeMutablePointer<CChar>

  /// - Parameters:
  ///   - programName: the name `~/.editrc` settings are selected by.
  ///   - historyFile: where the history persists; nil or `/dev/null` keeps it in memory.
  public init(programName: String, historyFile: String?, historyCapacity: Int = 1000) {
    editLine = el_init(programName, cedit_stdin(), cedit_stdout(), cedit_stderr())
    history = HistoryStore(file: historyFile, capacity: historyCapacity)
    prompt = strdup("> ")
    cedit_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
    cedit_set_prompt_esc(editLine, Self.promptCallback, CChar(Self.invisibleDelimiter.asciiValue!))
    cedit_set_editor(editLine, "emacs")
    cedit_set_hist(editLine, history.history)
    cedit_set_addfn(editLine, "complete", "complete the word before the cursor", Self.completeCallback)
    cedit_set_bind(editLine, "^I", "complete")
    cedit_set_bind(editLine, "^R", "em-inc-search-prev")
    el_source(editLine, nil)
  }

  deinit {
    el_end(editLine)
    free(prompt)
  }

  /// Shows `prompt` and reads a line with editing; the line is returned without its newline.
  public func readLine(prompt text: String) -> LineInput {
    free(prompt)
    prompt = strdup(text)
    el_resize(editLine)
    var count: Int32 = 0
    var failure: Int32 = 0
    let line: String? = InterruptSignal.interruptible {
      let result = el_gets(editLine, &count)
      failure = errno
      return result.map { String(cString: $0) }
    }
    guard let line, count > 0 else {
      if count < 0, failure == EINTR {
        el_reset(editLine)
        write("^C\n")
        return .interrupted
      }
      return .endOfInput
    }
    return .line(line.hasSuffix("\n") ? String(line.dropLast()) : line)
  }

  /// Adds a line to the history (and its file): the caller decides what is worth keeping
  /// and what must never be kept.
  public func addToHistory(_ line: String) {
    history.enter(line)
  }

  private func complete() -> UInt8 {
    guard let completer, let info = el_line(editLine)?.pointee, let buffer = info.buffer else {
      return UInt8(CC_REFRESH_BEEP)
    }
    let length = info.cursor - buffer
    let before = buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
      String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    switch completer(before).action {
    case .insert(let text):
      return el_insertstr(editLine, text) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
    case .list(let candidates):
      write("\n" + CandidateColumns.layout(candidates, width: Self.terminalWidth) + "\n")
      return UInt8(CC_REDISPLAY)
    case .none:
      return UInt8(CC_REFRESH_BEEP)
    }
  }

  /// Writes through libedit's own output stream, so nothing overtakes what it buffered.
  private func write(_ text: String) {
    fputs(text, cedit_stdout())
    fflush(cedit_stdout())
  }

  private static var terminalWidth: Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 80
  }

  private static func editor(of editLine: OpaquePointer?) -> LineEditor? {
    guard let editLine, let data = cedit_get_clientdata(editLine) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
  }

  private static let promptCallback: cedit_prompt_t = { editLine in
    editor(of: editLine)?.prompt
  }

  private static let completeCallback: cedit_fn_t = { editLine, _ in
    editor(of: editLine)?.complete() ?? UInt8(CC_REFRESH_BEEP)
  }
}
