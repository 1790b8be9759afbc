import Foundation
import Glibc
import LifelineCore
import SSHTestSupport

/// A throwaway operator's folder for one test: runbooks, an inventory of the fixture's real
/// sshd servers, a transcripts folder, a home with its own XDG folders, and the logs of every
/// `lifeline` process the test started. Paths are absolute and hold only characters that need
/// no shell quoting, so runbooks can name them literally.
final class ReliabilityWorkspace: @unchecked Sendable {
  let directory: String
  let transcripts: String
  /// Where test runbooks make marker files: on the nodes, which are this machine.
  let markers: String
  var inventory: String = ""
  private let lock = NSLock()
  private var started = 0
  /// Every process started, so the test can prove each one ended.
  private var processes: [LifelineProcess] = []

  init() throws {
    var template = Array("/tmp/lifeline-rel.XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else { throw ReliabilityError("mkdtemp failed") }
    directory = String(cString: created)
    transcripts = directory + "/Transcripts"
    markers = directory + "/markers"
    for folder in ["Transcripts", "markers", "runbooks", "logs", "home", "state", "data", "config", "tmp"] {
      try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
    }
  }

  /// Also writes the inventory of `fixture`'s servers.
  convenience init(fixture: SSHServerFixture, connectTimeout: String = "3s") throws {
    try self.init()
    inventory = try writeInventory(fixture: fixture, connectTimeout: connectTimeout)
  }

  deinit {
    for process in lock.withLock({ processes }) where !process.hasExited {
      process.signal(SIGKILL)
      _ = process.wait(within: .seconds(30))
    }
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// An inventory of the fixture's servers; `knownHosts` replaces the fixture's known_hosts.
  func writeInventory(
    fixture: SSHServerFixture, connectTimeout: String = "3s", knownHosts: String? = nil, name: String = "inventory.yaml"
  ) throws -> String {
    var text = """
      cluster: reliability
      defaults: {user: \(fixture.user), identity: \(fixture.clientKey.privateKeyFile), known_hosts: \(knownHosts ?? fixture.knownHostsFile), connect_timeout: \(connectTimeout)}
      nodes:

      """
    for server in fixture.servers {
      text += "  \(server.name): {host: \(server.host), port: \(server.port)}\n"
    }
    return try write(text, to: name)
  }

  /// Writes a file in the workspace; returns its absolute path.
  @discardableResult
  func write(_ text: String, to name: String) throws -> String {
    let path = directory + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  func writeRunbook(_ yaml: String, named name: String) throws -> String {
    try write(yaml, to: "runbooks/\(name).yaml")
  }

  func marker(_ name: String) -> String { markers + "/" + name }

  func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  /// Creates an empty file (a flag a waiting runbook step looks for).
  func touch(_ path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
  }

  /// What a session sees: XDG folders in the workspace, no agent, no colour, and a temporary
  /// folder of its own, so what a killed process leaves there goes with the workspace.
  var environment: [String: String] {
    [
      "HOME": directory + "/home", "TMPDIR": directory + "/tmp", "XDG_STATE_HOME": directory + "/state",
      "XDG_DATA_HOME": directory + "/data",
      "XDG_CONFIG_HOME": directory + "/config", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "LANG": "C.UTF-8", "USER": "root",
    ]
  }

  /// Starts `lifeline ARGUMENTS` in the workspace, stdin reading `input`.
  func start(_ arguments: [String], input: String = "/dev/null") throws -> LifelineProcess {
    let number = lock.withLock {
      started += 1
      return started
    }
    let process = try LifelineProcess(
      arguments: arguments, directory: directory, environment: environment,
      logs: "\(directory)/logs/\(number)-\(arguments.first ?? "lifeline")", input: input)
    lock.withLock { processes.append(process) }
    return process
  }

  /// Runs `lifeline ARGUMENTS` to its end. A run that has not ended after `limit` (minutes:
  /// only a hang gets there) is killed and reported as an error.
  func run(_ arguments: [String], within limit: Duration = .seconds(300)) throws -> FinishedRun {
    let process = try start(arguments)
    return try finish(process, within: limit)
  }

  func finish(_ process: LifelineProcess, within limit: Duration = .seconds(300)) throws -> FinishedRun {
    guard let status = process.wait(within: limit) else {
      process.signal(SIGKILL)
      _ = process.wait(within: .seconds(30))
      throw ReliabilityError(
        "lifeline \(process.arguments.joined(separator: " ")) did not end within \(limit)\n--- stdout\n\(process.stdoutText.suffix(4000))\n--- stderr\n\(process.stderrText.suffix(4000))"
      )
    }
    return FinishedRun(status: status, stdout: process.stdout, stderr: process.stderrText, arguments: process.arguments)
  }

  /// `lifeline run RUNBOOK --inventory … --transcripts … EXTRA`.
  func runArguments(_ runbook: String, _ extra: [String] = []) -> [String] {
    ["run", runbook, "--inventory", inventory, "--transcripts", transcripts] + extra
  }

  /// Processes started by this workspace that have not ended.
  var runningProcesses: [pid_t] {
    lock.withLock { processes }.filter { !$0.hasExited }.map(\.pid)
  }

  /// The transcripts written so far, oldest first.
  var transcriptFiles: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: transcripts)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { transcripts + "/" + $0 }
  }

  /// `lifeline transcript verify FILE`.
  func verify(_ transcript: String) throws -> FinishedRun {
    try run(["transcript", "verify", transcript], within: .seconds(120))
  }

  /// Checks every transcript in the workspace the way an auditor would: `lifeline transcript
  /// verify` passes, and the file is private (0600). Returns the problems found.
  func auditTranscripts() throws -> [String] {
    var problems: [String] = []
    for file in transcriptFiles {
      let verified = try verify(file)
      if verified.status != 0 || !verified.stdoutText.hasPrefix("ok: ") {
        problems.append("\(file) does not verify: \(verified)")
      }
      let mode = Transcript.mode(of: file)
      if mode != 0o600 { problems.append("\(file) has mode \(String(mode, radix: 8)), not 600") }
    }
    return problems
  }
}

/// A transcript read back: its complete lines as events.
struct Transcript {
  let path: String
  let events: [JSONValue]
  /// The file ends in a partial line (a session killed while writing).
  let partialTail: Bool

  init(_ path: String) throws {
    self.path = path
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let text = String(decoding: data, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    partialTail = !(lines.last?.isEmpty ?? true)
    lines.removeLast()
    events = lines.compactMap { JSONValue.parse($0) }
  }

  var types: [String] { events.compactMap { $0["type"]?.stringValue } }

  func events(_ type: String, step: String? = nil) -> [JSONValue] {
    events.filter { $0["type"]?.stringValue == type && (step == nil || $0["step"]?.stringValue == step) }
  }

  /// The last `step.end` of a step.
  func stepEnd(_ step: String) -> JSONValue? { events("step.end", step: step).last }

  /// The first run's `failure` (or nil) in the last `step.end` of a step.
  func failure(of step: String, node: String? = nil) -> String? {
    let runs = stepEnd(step)?["runs"]?.arrayValue ?? []
    let run = node == nil ? runs.first : runs.first { $0["node"]?.stringValue == node }
    return run?["failure"]?.stringValue
  }

  func next(of step: String) -> String? { stepEnd(step)?["next"]?.stringValue }

  func result(of step: String) -> String? { stepEnd(step)?["result"]?.stringValue }

  /// The connection events of a node, in order: `connected`, `lost`, `reconnected`, …
  func connections(_ node: String) -> [String] {
    events("connection").filter { $0["node"]?.stringValue == node }.compactMap { $0["event"]?.stringValue }
  }

  /// The bytes a step's command printed on a node's stream, joined from the output events
  /// (`text`, or `bytes` in base64).
  func output(step: String, node: String, stream: String = "stdout") -> [UInt8] {
    var bytes: [UInt8] = []
    for event in events("output", step: step)
    where event["node"]?.stringValue == node && event["stream"]?.stringValue == stream {
      if let text = event["text"]?.stringValue {
        bytes += Array(text.utf8)
      } else if let encoded = event["bytes"]?.stringValue, let data = Data(base64Encoded: encoded) {
        bytes += Array(data)
      }
    }
    return bytes
  }

  var outcome: String? { events("session.end").last?["outcome"]?.stringValue }

  /// Steps that ended (whatever their result), main and finally alike.
  var completedSteps: Set<String> { Set(events("step.end").compactMap { $0["step"]?.stringValue }) }

  var startedSteps: Set<String> { Set(events("step.start").compactMap { $0["step"]?.stringValue }) }

  static func mode(of path: String) -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return info.st_mode & 0o7777
  }
}
