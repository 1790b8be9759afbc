import Foundation
import Glibc
import LifelineCore
import SSHTestSupport
import Testing

/// A node's sshd dies, restarts or hangs while `lifeline run` works on it: the step fails with
/// the right reason, the runbook takes its `on_failure` branch, the next step on the node
/// reconnects, and nothing is left open on the node.
@Suite("reliability: connection faults during lifeline run", .serialized)
struct ReliabilityConnectionTests {
  /// A local step that waits until the test creates `flag`: the test injects or repairs a
  /// fault while the run is parked there, so no step races with it.
  static func waitStep(_ id: String, flag: String) -> String {
    """
      - id: \(id)
        title: Wait for the test
        on: local
        run: while [ ! -e \(flag) ]; do sleep 0.05; done
        timeout: 5m
    """
  }

  @Test("sshd killed mid-step: connection lost, on_failure taken, the next step reconnects")
  func killedMidStep() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let flag = workspace.marker("node-is-back")
    let runbook = try workspace.writeRunbook(
      """
      name: killed-mid-step
      title: The node's sshd dies while a step runs
      steps:
        - {id: warm, title: Connect, on: pve1, run: echo warm}
        - id: long
          title: A long step
          on: pve1
          run: echo started-long; sleep 3000
          timeout: 5m
          on_failure: wait-for-node
          next: end
      \(Self.waitStep("wait-for-node", flag: flag))
        - {id: after, title: Back on the node, on: pve1, run: echo back}
      """, named: "killed-mid-step")

    let process = try workspace.start(workspace.runArguments(runbook))
    try #require(
      ReliabilityEvents.wait(in: workspace, within: .seconds(120)) { $0.output(step: "long", node: "pve1").count > 0 },
      "the long step never printed")
    fixture.crash("pve1")
    try #require(
      ReliabilityEvents.wait(in: workspace, within: .seconds(120)) { $0.stepEnd("long") != nil },
      "the long step never ended after its node died")
    try fixture.restart("pve1")
    workspace.touch(flag)
    let run = try workspace.finish(process)

    #expect(run.status == 0, "\(run)")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(transcript.result(of: "long") == "failed")
    #expect(transcript.failure(of: "long") == "connection lost during step")
    #expect(transcript.next(of: "long") == "wait-for-node")
    #expect(transcript.result(of: "after") == "ok")
    #expect(transcript.output(step: "after", node: "pve1") == Array("back\n".utf8))
    #expect(transcript.connections("pve1") == ["connected", "lost", "reconnected"])
    let reconnected = transcript.events("connection").last { $0["event"]?.stringValue == "reconnected" }
    #expect(reconnected?["fingerprint"]?.stringValue == fixture.server("pve1").hostKey.fingerprint)
    #expect(run.stdoutText.contains("lost the connection to pve1"))
    #expect(run.stdoutText.contains("reconnected to pve1"))
    #expect(fixture.leftovers().isEmpty, "\(fixture.leftovers())")
    #expect(try workspace.auditTranscripts() == [])
  }

  @Test("sshd restarted while the session is idle: the next step reconnects and runs once")
  func restartedBetweenSteps() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let flag = workspace.marker("restarted")
    let counter = workspace.marker("runs")
    let runbook = try workspace.writeRunbook(
      """
      name: restarted
      title: The node's sshd restarts between two steps
      steps:
        - {id: warm, title: Connect, on: pve1, run: echo warm}
      \(Self.waitStep("wait-for-restart", flag: flag))
        - {id: after, title: Append one line, on: pve1, run: echo ran >> \(counter)}
      """, named: "restarted")

    let process = try workspace.start(workspace.runArguments(runbook))
    try #require(
      ReliabilityEvents.wait(in: workspace, within: .seconds(120)) { $0.startedSteps.contains("wait-for-restart") })
    fixture.crash("pve1")
    try fixture.restart("pve1")
    workspace.touch(flag)
    let run = try workspace.finish(process)

    #expect(run.status == 0, "\(run)")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(transcript.result(of: "after") == "ok")
    #expect(transcript.connections("pve1") == ["connected", "reconnected"])
    #expect(try String(contentsOfFile: counter, encoding: .utf8) == "ran\n", "the step ran exactly once")
    #expect(fixture.leftovers().isEmpty, "\(fixture.leftovers())")
    #expect(try workspace.auditTranscripts() == [])
  }

  @Test("sshd stops answering (SIGSTOP): timeout, on_failure taken, nothing runs while hung, reconnect once back")
  func hungNode() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    var frozen: [pid_t] = []
    defer {
      fixture.thaw(frozen)
      fixture.stop()
    }
    let workspace = try ReliabilityWorkspace(fixture: fixture, connectTimeout: "3s")
    let flag = workspace.marker("thawed")
    let hungMarker = workspace.marker("ran-while-hung")
    // A duration no other process uses, to find the command on the node afterwards.
    let sleeper = "sleep 3\(Int.random(in: 100_000...999_999))"
    let runbook = try workspace.writeRunbook(
      """
      name: hung
      title: The node stops answering
      steps:
        - {id: warm, title: Connect, on: pve1, run: echo warm}
        - id: long
          title: A step the node stops answering
          on: pve1
          run: echo started-long; \(sleeper)
          timeout: 3s
          on_failure: while-hung
          next: end
        - id: while-hung
          title: A step while the node still hangs
          on: pve1
          run: touch \(hungMarker)
          timeout: 5s
          on_failure: wait-for-node
          next: end
      \(Self.waitStep("wait-for-node", flag: flag))
        - {id: after, title: Back on the node, on: pve1, run: echo back}
      """, named: "hung")

    let process = try workspace.start(workspace.runArguments(runbook))
    try #require(
      ReliabilityEvents.wait(in: workspace, within: .seconds(120)) { $0.output(step: "long", node: "pve1").count > 0 })
    frozen = fixture.freeze("pve1")
    try #require(
      ReliabilityEvents.wait(in: workspace, within: .seconds(180)) { $0.stepEnd("while-hung") != nil },
      "the steps on the hung node never ended")
    fixture.thaw(frozen)
    frozen = []
    workspace.touch(flag)
    let run = try workspace.finish(process)

    #expect(run.status == 0, "\(run)")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(transcript.failure(of: "long") == "timeout after 3s")
    #expect(transcript.next(of: "long") == "while-hung")
    let whileHung = transcript.failure(of: "while-hung")
    #expect(
      whileHung == "host unreachable / timed out" || whileHung == "timeout after 5s"
        || whileHung == "connection lost during step", "\(whileHung ?? "no failure")")
    #expect(transcript.next(of: "while-hung") == "wait-for-node")
    #expect(!workspace.exists(hungMarker), "a command reached the node while it hung")
    #expect(transcript.result(of: "after") == "ok")
    #expect(transcript.connections("pve1").last == "reconnected", "\(transcript.connections("pve1"))")

    // The record must not say more than lifeline knows: a timed-out command it reports as
    // stopped must not be running once the node answers again.
    let detail =
      transcript.stepEnd("long")?["runs"]?.arrayValue?.first?["detail"]?.stringValue ?? ""
    let survivors = ReliabilityEvents.processes(matching: sleeper, within: .seconds(20))
    #expect(
      survivors.isEmpty || !detail.contains("was stopped"),
      "the record says '\(detail)', yet the command still runs on the node: \(survivors)")
    for pid in survivors { kill(pid, SIGKILL) }
    #expect(fixture.leftovers().isEmpty, "\(fixture.leftovers())")
    #expect(try workspace.auditTranscripts() == [])
  }
}

/// Polling the transcript of a running session, and the processes a test left on a node.
enum ReliabilityEvents {
  /// Waits until the newest transcript in the workspace satisfies `condition`.
  static func wait(
    in workspace: ReliabilityWorkspace, within limit: Duration, _ condition: (Transcript) -> Bool
  ) -> Bool {
    Reliability.waitUntil(within: limit) {
      guard let file = workspace.transcriptFiles.last, let transcript = try? Transcript(file) else { return false }
      return condition(transcript)
    }
  }

  /// Processes whose command line contains `text`, once the ones that are ending have ended:
  /// waits up to `limit` for the list to become empty.
  static func processes(matching text: String, within limit: Duration) -> [pid_t] {
    var found: [pid_t] = []
    _ = Reliability.waitUntil(within: limit) {
      found = all(matching: text)
      return found.isEmpty
    }
    return found
  }

  static func all(matching text: String) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> pid_t? in
      guard let pid = pid_t(entry), pid != getpid() else { return nil }
      return SSHServerFixture.commandLine(of: pid).contains(text) ? pid : nil
    }
  }
}
