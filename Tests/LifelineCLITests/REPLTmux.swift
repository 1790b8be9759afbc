import Foundation

/// `lifeline` in a terminal that a test types into and reads, as a person would: a tmux
/// server on a socket of its own, ended with the test.
final class REPLTmux {
  /// Whether tmux is installed; the terminal tests skip without it.
  static let isAvailable = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  private let socket = "lifeline-repl-" + UUID().uuidString.prefix(8).lowercased()
  /// Kept alive as long as the terminal: its folder holds the tmux configuration.
  private let workspace: REPLWorkspace

  /// Starts `lifeline ARGUMENTS` in the workspace, in an 120×50 terminal.
  init(_ arguments: [String] = [], in workspace: REPLWorkspace, environment extra: [String: String] = [:]) throws {
    self.workspace = workspace
    let configFile = workspace.directory + "/tmux-\(socket).conf"
    try Data("set -g history-limit 5000\n".utf8).write(to: URL(fileURLWithPath: configFile))
    // Only the workspace's environment: nothing of the test's own (NO_COLOR, SSH_AUTH_SOCK…).
    let environment = workspace.environment.merging(["TERM": "screen"]) { $1 }.merging(extra) { $1 }
    let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    // A shell waits for lifeline and prints its exit status: tmux here does not always reap a
    // pane's process, so its own record of the status cannot be relied on. The shell ignores
    // Ctrl-C itself (`trap :`, which its child does not inherit) and keeps the pane open.
    let launcher = #"trap : INT; "$@"; echo "\#(Self.exitBanner)$?]"; exec sleep 86400"#
    let command = ["sh", "-c", launcher, "sh", "env", "-i"] + assignments + [REPLBinary.path] + arguments
    try tmux(
      ["-f", configFile, "new-session", "-d", "-x", "120", "-y", "50", "-c", workspace.directory]
        + [command.map(Self.shellQuoted).joined(separator: " ")])
  }

  /// What the launcher prints when lifeline has exited, before the status and `]`.
  private static let exitBanner = "[lifeline exited with status "

  deinit { try? tmux(["kill-server"]) }

  /// Types text, then presses each key (tmux names: `Enter`, `Tab`, `C-c`, `C-d`, `Up`).
  func type(_ text: String, _ keys: String...) throws {
    if !text.isEmpty { try tmux(["send-keys", "-l", text]) }
    if !keys.isEmpty { try tmux(["send-keys"] + keys) }
  }

  /// The whole screen and its scrollback. tmux drops the blanks at the end of each line, so
  /// a prompt reads `lab>`, not `lab> `.
  func screen() throws -> String {
    let text = try tmux(["capture-pane", "-p", "-J", "-S", "-"])
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      var line = String(line)
      while line.last == " " { line.removeLast() }
      return line
    }.joined(separator: "\n").trimmingCharacters(in: .newlines)
  }

  /// The line the cursor is on.
  func cursorLine() throws -> String {
    let row =
      Int(try tmux(["display-message", "-p", "#{cursor_y}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    let lines = try tmux(["capture-pane", "-p"]).split(separator: "\n", omittingEmptySubsequences: false)
    return row < lines.count ? String(lines[row]).trimmingCharacters(in: .whitespaces) : ""
  }

  /// Waits until the screen satisfies `condition`; returns the screen then. Fails with the
  /// screen as it was when the patience ran out.
  @discardableResult
  func waitFor(_ what: String, _ condition: (String) throws -> Bool) throws -> String {
    let deadline = ContinuousClock.now + REPLPolling.patience
    var last = ""
    while ContinuousClock.now < deadline {
      last = try screen()
      if try condition(last) { return last }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw REPLTestError("the screen never showed \(what); it shows:\n\(last)")
  }

  /// Waits until the screen holds `text` `count` times.
  @discardableResult
  func waitFor(_ text: String, count: Int = 1) throws -> String {
    try waitFor("'\(text)'\(count > 1 ? " \(count) times" : "")") {
      $0.components(separatedBy: text).count - 1 >= count
    }
  }

  /// Waits until the cursor sits after `prompt` on an empty line: lifeline reads again.
  /// Keys typed before that reach a terminal in its ordinary mode, where Ctrl-D and Ctrl-C
  /// mean something else, as they would for a person typing ahead.
  func waitForPrompt(_ prompt: String) throws {
    try waitFor("the prompt '\(prompt)'") { _ in try cursorLine() == prompt }
  }

  /// Waits for lifeline to exit; returns its exit status.
  func waitForExit() throws -> Int32 {
    let screen = try waitFor("lifeline's exit") { $0.contains(Self.exitBanner) }
    let after = screen.components(separatedBy: Self.exitBanner).last ?? ""
    return Int32(after.prefix { $0.isNumber }) ?? -1
  }

  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    let result = try REPLSubprocess.run(["tmux", "-L", socket] + arguments)
    guard result.status == 0 else {
      throw REPLTestError("tmux \(arguments.joined(separator: " ")) failed: \(result.stdout)\(result.stderr)")
    }
    return result.stdout
  }

  private static func shellQuoted(_ word: String) -> String {
    word.allSatisfy { $0.isLetter || $0.isNumber || "/._-=:@".contains($0) }
      ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
