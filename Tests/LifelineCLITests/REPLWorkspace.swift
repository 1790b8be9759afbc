import Foundation
import LifelineCore

/// A throwaway folder laid out as an operator's: `Runbooks/`, an inventory, `Transcripts/`,
/// and a home with its own XDG folders, so a session touches nothing outside it.
final class REPLWorkspace {
  let directory: String
  /// Unique to this workspace: runbooks put it in long commands, to find their processes.
  let marker = "lifeline-repl-test-" + UUID().uuidString.prefix(8).lowercased()

  init() throws {
    var template = Array("/tmp/lifeline-repl.XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else { throw REPLTestError("mkdtemp failed") }
    directory = String(cString: created)
    for folder in ["Runbooks", "Transcripts", "home", "state", "data", "config"] {
      try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
    }
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  /// What a session sees: XDG folders in the workspace, no colour unless a test asks.
  var environment: [String: String] {
    [
      "HOME": directory + "/home", "XDG_STATE_HOME": directory + "/state", "XDG_DATA_HOME": directory + "/data",
      "XDG_CONFIG_HOME": directory + "/config", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "LANG": "C.UTF-8",
    ]
  }

  var historyFile: String { directory + "/state/lifeline/history" }

  func write(_ text: String, to name: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
  }

  /// A runbook of `on: local` steps: a capture, a question, a long step, a confirmation and
  /// a finally step.
  func writeDrill() throws {
    try write(
      """
      name: drill
      title: A drill on this machine
      params:
        node: {description: The node the drill is about, required: true}
        token: {description: An API token, secret: true, default: none}
      steps:
        - id: hello
          title: Say hello
          on: local
          run: echo hello from {{ node }}
        - id: decide
          title: Go on?
          ask: Go on with the drill?
          choices: {yes: slow, no: end}
        - id: slow
          title: A long step
          on: local
          run: sleep 300; echo \(marker)
          timeout: 10m
        - id: change
          title: Change something
          on: local
          confirm: true
          run: echo changed
      finally:
        - id: cleanup
          on: local
          run: echo cleaned up
      """, to: "Runbooks/drill.yaml")
    try write(
      """
      name: broken-drill
      title: A drill whose check fails
      steps:
        - {id: check, title: Check something, on: local, run: 'echo nope; exit 3'}
      """, to: "Runbooks/broken-drill.yaml")
  }

  /// The transcripts written so far, oldest first.
  var transcripts: [String] {
    let folder = directory + "/Transcripts"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { folder + "/" + $0 }
  }

  /// The events of a transcript, each as its JSON object.
  func events(of transcript: String) throws -> [JSONValue] {
    let text = try String(contentsOfFile: transcript, encoding: .utf8)
    return text.split(separator: "\n").compactMap { JSONValue.parse($0) }
  }

  /// Processes whose command line holds the marker: what a cancelled step left running.
  var markedProcesses: [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { pid -> String? in
      guard Int(pid) != nil, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
      let command = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
      return command.contains(marker) ? "\(pid): \(command)" : nil
    }
  }
}

/// Why a console test could not go on: what it waited for, and what it saw instead.
struct REPLTestError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
