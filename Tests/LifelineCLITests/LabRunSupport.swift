import Foundation
import LifelineLab
import Testing

/// A lab for one runbook test: started in a temporary directory on an address block of its own,
/// driven with the real `lifeline` binary (`lifeline run`, `lifeline transcript verify`), and
/// always brought down at the end, even when the test fails.
struct RunbookLab {
  let lab: Lab
  let outcome: LabUpOutcome
  let transcripts: String

  /// The `lifeline` executable: `$LIFELINE_BINARY`, else `.build/debug/lifeline` of the package.
  static var binary: String {
    if let chosen = ProcessInfo.processInfo.environment["LIFELINE_BINARY"], !chosen.isEmpty { return chosen }
    return packageRoot + "/.build/debug/lifeline"
  }

  /// The lab's own executable, whose `sim` the nodes' simulated commands exec:
  /// `$LIFELINE_LAB_BINARY`, else the `lifeline-lab` next to ``binary``.
  static var labBinary: String {
    if let chosen = ProcessInfo.processInfo.environment["LIFELINE_LAB_BINARY"], !chosen.isEmpty { return chosen }
    return URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("lifeline-lab").path
  }

  /// The package root: this file is `Tests/LifelineCLITests/LabRunSupport.swift` in it.
  static var packageRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }

  static func runbook(_ name: String) -> String { packageRoot + "/Runbooks/\(name).yaml" }

  /// Starts a lab on `127.X.BLOCK.1`…, where X is picked from the test process's PID so that two
  /// checkouts testing at once use different addresses; runs `body`, and brings the lab down
  /// whatever happens.
  static func with(
    block: Int, timeScale: Double = 0.05, ipmi: Bool = false, ha: Bool = true, qdevice: Bool = false,
    _ body: (RunbookLab) throws -> Void
  ) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lifeline-runbook-lab-\(UUID().uuidString)"
    ).path
    let lab = Lab(directory: directory)
    let options = LabUpOptions(
      timeScale: timeScale, firstAddress: "127.\(20 + getpid() % 80).\(block).1", simulator: [labBinary, "sim"],
      ipmi: ipmi, ha: ha, qdevice: qdevice)
    defer {
      _ = try? lab.down()
      try? FileManager.default.removeItem(atPath: directory)
    }
    let outcome = try lab.up(options)
    try body(RunbookLab(lab: lab, outcome: outcome, transcripts: directory + "-transcripts"))
    try? FileManager.default.removeItem(atPath: directory + "-transcripts")
  }

  var inventory: String { outcome.inventory }

  func address(_ node: String) -> String {
    outcome.nodes.first { $0.name == node }?.address ?? node
  }

  /// A simulated command on a node, run by the same code the node's wrappers run.
  @discardableResult
  func sim(_ node: String, _ command: String...) -> SimulationResult {
    LabSimulator.run(labDirectory: lab.layout.root, node: node, command: command)
  }

  /// A command in a shell on a node over OpenSSH, as an operator types it; `input` is what the
  /// operator enters at its prompts.
  func ssh(_ node: String, _ command: String, input: String = "") throws -> (status: Int32, output: String) {
    let port = outcome.nodes.first { $0.name == node }?.port ?? 22
    let run = try CommandRun(
      "/usr/bin/ssh",
      [
        "-i", outcome.clientKey, "-o", "UserKnownHostsFile=\(outcome.knownHosts)", "-o", "BatchMode=yes", "-p",
        String(port), "\(outcome.user)@\(address(node))", command,
      ], input: input)
    return run.finish()
  }

  /// After a reinstall: the old host key leaves the inventory's known_hosts, and `lifeline trust`
  /// records the new one.
  func retrust(_ node: String) throws {
    let removed = try CommandRun("/usr/bin/ssh-keygen", ["-R", address(node), "-f", outcome.knownHosts]).finish()
    #expect(removed.status == 0, "\(removed.output)")
    let trusted = try CommandRun(
      Self.binary, ["trust", node, "--inventory", inventory, "--transcripts", transcripts, "--yes"]
    ).finish()
    #expect(trusted.status == 0, "\(trusted.output)")
  }

  /// Something a test does while a runbook runs, once the transcript shows `event` of `step`:
  /// the operator's hands (powering a node on, running a command in a terminal).
  struct Action {
    var step: String
    var event = "step.start"
    var perform: () throws -> Void
  }

  /// `lifeline run RUNBOOK` against the lab, with the answers a person would give.
  func run(
    _ runbook: String, node: String? = nil, set parameters: [String: String] = [:], answers: [String: String] = [:],
    confirmNodes: [String] = [], yes: Bool = true, actions: [Action] = []
  ) throws -> RunbookRun {
    var arguments = ["run", Self.runbook(runbook), "--inventory", inventory, "--transcripts", transcripts]
    if let node { arguments += ["--node", node] }
    for (key, value) in parameters.sorted(by: { $0.key < $1.key }) { arguments += ["--set", "\(key)=\(value)"] }
    for (step, choice) in answers.sorted(by: { $0.key < $1.key }) { arguments += ["--answer", "\(step)=\(choice)"] }
    for name in confirmNodes { arguments += ["--confirm-node", name] }
    if yes { arguments.append("--yes") }
    let before = Set(transcriptFiles())
    let started = Date()
    let process = try CommandRun(Self.binary, arguments)
    var pending = actions
    var transcript: String?
    while process.isRunning {
      transcript = transcript ?? transcriptFiles().first { !before.contains($0) }
      if let transcript, !pending.isEmpty {
        let events = TranscriptEvents(file: transcript)
        while let next = pending.first, events.contains(next.event, step: next.step) {
          pending.removeFirst()
          try next.perform()
        }
      }
      Thread.sleep(forTimeInterval: 0.1)
    }
    let finished = process.finish()
    transcript = transcript ?? transcriptFiles().first { !before.contains($0) }
    #expect(pending.isEmpty, "actions never triggered: \(pending.map(\.step))")
    return RunbookRun(
      status: finished.status, output: finished.output, transcript: transcript,
      seconds: Date().timeIntervalSince(started))
  }

  private func transcriptFiles() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: transcripts)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { transcripts + "/" + $0 }
  }

  /// `lifeline transcript verify FILE`: the hash chain is intact.
  func verify(_ run: RunbookRun) throws {
    let transcript = try #require(run.transcript, "the run wrote no transcript:\n\(run.output)")
    let verified = try CommandRun(Self.binary, ["transcript", "verify", transcript]).finish()
    #expect(verified.status == 0 && verified.output.hasPrefix("ok: "), "\(verified.output)")
  }

  /// `pvecm status` on a node must show a quorate, complete cluster of `votes` votes, and
  /// `ha-manager status` an active master and every HA service started (once moves settle).
  func expectHealthy(from node: String, votes: Int = 3, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let quorum = sim(node, "pvecm", "status").stdout
    #expect(quorum.contains(line: #"^Quorate:\s+Yes$"#), "\(quorum)", sourceLocation: sourceLocation)
    #expect(quorum.contains(line: #"^Expected votes:\s+\#(votes)$"#), "\(quorum)", sourceLocation: sourceLocation)
    #expect(quorum.contains(line: #"^Total votes:\s+\#(votes)$"#), "\(quorum)", sourceLocation: sourceLocation)
    var ha = ""
    try eventually("every HA service started", sourceLocation: sourceLocation) {
      ha = sim(node, "ha-manager", "status").stdout
      let services = ha.split(separator: "\n").filter { $0.hasPrefix("service ") }
      return services.count == 7 && services.allSatisfy { $0.hasSuffix(", started)") }
    }
    #expect(ha.contains(line: #"^master \S+ \(active, "#), "\(ha)", sourceLocation: sourceLocation)
  }

  /// Polls until `condition` holds; the deadline only bounds a broken test, it asserts no timing.
  func eventually(
    _ what: String, within seconds: Double = 120, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () throws -> Bool
  ) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return }
      Thread.sleep(forTimeInterval: 0.2)
    }
    Issue.record("never happened: \(what)", sourceLocation: sourceLocation)
  }
}

/// One `lifeline run`: how it ended, what it printed, and its transcript.
struct RunbookRun {
  var status: Int32
  var output: String
  var transcript: String?
  var seconds: Double

  var events: TranscriptEvents { TranscriptEvents(file: transcript ?? "") }

  /// The steps in the order they ended (each retry's last attempt), as `step.end` events name them.
  var path: [String] { events.stepEnds.map(\.step) }

  var outcome: String? { events.all.last { $0["type"] as? String == "session.end" }?["outcome"] as? String }

  var findings: [(severity: String, text: String, node: String?)] {
    events.all.filter { $0["type"] as? String == "finding" }.map {
      ($0["severity"] as? String ?? "", $0["text"] as? String ?? "", $0["node"] as? String)
    }
  }

  /// The Markdown report written next to the transcript.
  var report: String {
    guard let transcript else { return "" }
    return (try? String(contentsOfFile: String(transcript.dropLast(6)) + ".md", encoding: .utf8)) ?? ""
  }

  /// Whether `steps` appear in the path in this order (other steps may come between).
  func passes(through steps: [String]) -> Bool {
    var remaining = steps[...]
    for step in path where step == remaining.first { remaining = remaining.dropFirst() }
    return remaining.isEmpty
  }
}

/// The JSON Lines of a transcript.
struct TranscriptEvents {
  let all: [[String: Any]]

  init(file: String) {
    let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    all = text.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  var stepEnds: [(step: String, result: String)] {
    all.filter { $0["type"] as? String == "step.end" }.map {
      ($0["step"] as? String ?? "", $0["result"] as? String ?? "")
    }
  }

  func contains(_ type: String, step: String) -> Bool {
    all.contains { $0["type"] as? String == type && $0["step"] as? String == step }
  }
}

/// A child process whose output (stdout and stderr together) goes to a file, so it can neither
/// block on a full pipe nor be lost.
final class CommandRun {
  private let process = Process()
  private let output: URL

  /// - Parameters:
  ///   - input: what the child reads on stdin, then end of input.
  ///   - environment: variables to set in the child's environment, or to remove (nil).
  init(_ executable: String, _ arguments: [String], input: String = "", environment: [String: String?] = [:]) throws {
    output = FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-run-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if !environment.isEmpty {
      var variables = ProcessInfo.processInfo.environment
      for (name, value) in environment { variables[name] = value }
      process.environment = variables
    }
    process.currentDirectoryURL = URL(fileURLWithPath: RunbookLab.packageRoot)
    process.standardOutput = handle
    process.standardError = handle
    if input.isEmpty {
      process.standardInput = FileHandle.nullDevice
      try process.run()
    } else {
      let pipe = Pipe()
      process.standardInput = pipe
      try process.run()
      pipe.fileHandleForWriting.write(Data(input.utf8))
      try pipe.fileHandleForWriting.close()
    }
  }

  var isRunning: Bool { process.isRunning }

  func finish() -> (status: Int32, output: String) {
    process.waitUntilExit()
    defer { try? FileManager.default.removeItem(at: output) }
    return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
  }
}

extension String {
  /// Whether the pattern matches somewhere, with `^`/`$` at line ends.
  func contains(line pattern: String) -> Bool {
    range(of: "(?m)" + pattern, options: .regularExpression) != nil
  }
}
