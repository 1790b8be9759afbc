import Foundation
import LifelineCore
import Testing

/// `lifeline run --resume` on transcripts that must not be continued as they are, with
/// runbooks of `on: local` steps in a throwaway workspace.
@Suite("run --resume: what it refuses")
struct ResumeSafetyTests {
  /// A capture that holds a secret parameter, a confirmed step that sends it, a finally step.
  static let capturedSecret = """
    name: captured-secret
    title: A session value that holds a secret
    params:
      pw: {description: A password, secret: true}
    steps:
      - id: login
        on: local
        run: echo "session {{ pw }}-1"
        capture:
          session: '^session (.*)$'
      - id: use
        on: local
        confirm: true
        run: printf '%s' {{ session }} > sent.txt
    finally:
      - id: cleanup
        on: local
        run: echo cleaned up
    """

  static func workspace(runbook: String, named name: String) throws -> REPLWorkspace {
    let workspace = try REPLWorkspace()
    try workspace.write(runbook, to: "Runbooks/\(name).yaml")
    try workspace.write("cluster: lab\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "inventory.yaml")
    return workspace
  }

  static func run(_ arguments: [String], in workspace: REPLWorkspace) throws -> REPLPipedRun {
    try REPLPipedRun("", arguments: ["run"] + arguments + ["--inventory", "inventory.yaml"], in: workspace)
  }

  @Test("a captured value that held a secret is asked for again, never sent as its mask")
  func maskedCaptureIsNeverSent() throws {
    let workspace = try Self.workspace(runbook: Self.capturedSecret, named: "captured-secret")
    let first = try Self.run(["captured-secret", "--set", "pw=hunter22"], in: workspace)
    #expect(first.status == 1, "stopped at the confirmation: \(first.stdout)\(first.stderr)")
    let transcript = try #require(workspace.transcripts.first)
    #expect(try !String(contentsOfFile: transcript, encoding: .utf8).contains("hunter22"))

    let refused = try Self.run(["--resume", transcript, "--set", "pw=hunter22", "--yes"], in: workspace)
    let sent = workspace.directory + "/sent.txt"
    #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
    #expect(refused.stderr.contains("'session' (captured by step 'login')"), "\(refused.stderr)")
    #expect(refused.stderr.contains("--set session=VALUE"))
    #expect(!FileManager.default.fileExists(atPath: sent), "the step that uses the value never ran")

    let resumed = try Self.run(
      ["--resume", transcript, "--set", "pw=hunter22", "--set", "session=hunter22-1", "--yes"], in: workspace)
    #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
    #expect(try String(contentsOfFile: sent, encoding: .utf8) == "hunter22-1")
    let text = try String(contentsOfFile: transcript, encoding: .utf8)
    #expect(!text.contains("hunter22"), "the value given again is redacted too")
    if case .broken(let line, let reason) = TranscriptVerifier.verify(text) {
      Issue.record("the resumed transcript does not verify at line \(line): \(reason)")
    }
  }

  /// A step that waits for the test's flag file, so a session stays in the transcript.
  static let parked = """
    name: parked
    title: Waits for a flag
    steps:
      - id: wait
        on: local
        run: while [ ! -e flag ]; do sleep 0.1; done; echo flagged
        timeout: 5m
    finally:
      - id: cleanup
        on: local
        run: echo cleaned up
    """

  /// Starts `lifeline run ARGS` and waits until the transcript records `events` step starts.
  static func park(_ arguments: [String], in workspace: REPLWorkspace, until starts: Int, log: String) throws
    -> LifelineProcess
  {
    let process = try LifelineProcess(
      arguments: ["run"] + arguments + ["--inventory", "inventory.yaml"], directory: workspace.directory,
      environment: workspace.environment, logs: workspace.directory + "/" + log)
    let parked = Reliability.waitUntil(within: .seconds(120)) {
      guard let transcript = workspace.transcripts.first else { return false }
      return TranscriptEvents(file: transcript).all.filter { $0["type"] as? String == "step.start" }.count >= starts
    }
    guard parked else { throw REPLTestError("lifeline never reached its step: \(process.stderrText)") }
    return process
  }

  @Test("one session records in a transcript at a time; a killed one does not keep it")
  func oneSessionOwnsATranscript() throws {
    let workspace = try Self.workspace(runbook: Self.parked, named: "parked")
    let host = ProcessInfo.processInfo.hostName
    let original = try Self.park(["parked"], in: workspace, until: 1, log: "original")
    let transcript = try #require(workspace.transcripts.first)

    let whileRunning = try Self.run(["--resume", transcript], in: workspace)
    #expect(whileRunning.status == 2, "\(whileRunning.stdout)\(whileRunning.stderr)")
    #expect(whileRunning.stderr.contains("process \(original.pid) on \(host)"), "\(whileRunning.stderr)")
    #expect(whileRunning.stderr.contains("kill \(original.pid)"))

    original.signal(SIGKILL)
    #expect(original.wait(within: .seconds(60)) == 128 + SIGKILL)
    let resumed = try Self.park(["--resume", transcript], in: workspace, until: 2, log: "resumed")
    let before = try String(contentsOfFile: transcript, encoding: .utf8)
    let second = try Self.run(["--resume", transcript], in: workspace)
    #expect(second.status == 2, "\(second.stdout)\(second.stderr)")
    #expect(second.stderr.contains("process \(resumed.pid) on \(host)"), "\(second.stderr)")
    #expect(try String(contentsOfFile: transcript, encoding: .utf8) == before, "the refused resume wrote nothing")

    try workspace.write("", to: "flag")
    #expect(resumed.wait(within: .seconds(120)) == 0, "\(resumed.stdoutText)\(resumed.stderrText)")
    let text = try String(contentsOfFile: transcript, encoding: .utf8)
    if case .broken(let line, let reason) = TranscriptVerifier.verify(text) {
      Issue.record("the transcript does not verify at line \(line): \(reason)")
    }
    #expect(TranscriptEvents(file: transcript).all.filter { $0["type"] as? String == "session.resume" }.count == 1)
  }
}
