import Foundation
import LifelineCore
import Testing

/// `lifeline < drill.txt`: the console read line by line, for scripts.
@Suite("console: scripted through stdin")
struct REPLPipedTests {
  @Test("a script runs a runbook, answering its question and confirmation with its next lines")
  func script() throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    try workspace.write("cluster: lab\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "inventory.yaml")
    let run = try REPLPipedRun(
      """
      # a drill, as a person would type it
      load drill node=pve1
      step
      run
      no
      note nothing to change today
      show
      transcript
      quit
      """, in: workspace)

    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stderr.isEmpty)
    #expect(!run.stdout.contains("lab>"), "no prompt when stdin is not a terminal")
    #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    #expect(run.stdout.contains("Loaded drill: A drill on this machine (4 steps, 1 finally)"))
    #expect(run.stdout.contains("  hello from pve1"))
    #expect(run.stdout.contains("? Go on with the drill?\n  1) yes   2) no\nanswer: no"))
    #expect(run.stdout.contains("  ✓ hello    local  Say hello\n  ✓ decide   ask    Go on?"))
    #expect(run.stdout.contains("  3 step results, 1 answer, 1 note\n  11 events, latest hash "))

    let transcript = try #require(workspace.transcripts.first)
    #expect(workspace.transcripts.count == 1)
    #expect(URL(fileURLWithPath: transcript).lastPathComponent.hasSuffix("_drill_pve1.jsonl"))
    let events = try workspace.events(of: transcript)
    #expect(
      events.compactMap { $0["type"]?.stringValue } == [
        "session.start", "runbook.load", "step.start", "output", "step.end", "answer", "step.end", "step.start",
        "output", "step.end", "note", "session.end", "seal",
      ])
    #expect(events[1]["params"]?["node"]?.stringValue == "pve1")
    #expect(events[5]["choice"]?.stringValue == "no")
    #expect(events.dropLast().last?["outcome"]?.stringValue == "succeeded")
    #expect(run.stdout.contains("Report: Transcripts/"))
    #expect(FileManager.default.fileExists(atPath: transcript.replacingOccurrences(of: ".jsonl", with: ".md")))
    if case .broken(let line, let reason) = TranscriptVerifier.verify(
      try String(contentsOfFile: transcript, encoding: .utf8))
    {
      Issue.record("the transcript does not verify at line \(line): \(reason)")
    }
  }

  @Test(
    "the first failing command ends a script with its status, and says where and why",
    arguments: [
      ("lod drill", 2, "line 1: error: unknown command 'lod' (did you mean 'load'?); type help for the list"),
      (
        "load dril", 2, "line 1: error: no runbook named 'dril' (did you mean 'drill'?); available: broken-drill, drill"
      ),
      (
        "load drill\nrun", 2,
        "line 2: error: runbook 'drill' needs a value for:\n  node: The node the drill is about\nset node VALUE"
      ),
      ("load drill node=pve9", 2, "line 1: error: unknown node 'pve9' (did you mean 'pve1'?); the inventory has pve1"),
      ("load broken-drill\nrun", 1, ""),
      ("load drill node=pve1\ngoto sloow", 2, "line 2: error: no step 'sloow' (did you mean 'slow'?)"),
      ("load drill node=pve1\ngoto change\nrun", 1, ""),
      ("load drill node=pve1\ngoto change\nstep\nyes\nlod", 2, "line 5: error: unknown command 'lod'"),
    ] as [(String, Int32, String)])
  func failures(script: String, status: Int32, message: String) throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    try workspace.write("cluster: lab\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "inventory.yaml")
    let run = try REPLPipedRun(script + "\nnote never reached\n", in: workspace)
    #expect(run.status == status, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
    #expect(message.isEmpty || run.stderr.contains(message), "stderr: \(run.stderr)")
    for transcript in workspace.transcripts {
      let types = try workspace.events(of: transcript).compactMap { $0["type"]?.stringValue }
      #expect(!types.contains("note"), "the line after the failure must not run")
      #expect(types.suffix(2) == ["session.end", "seal"])
    }
  }

  @Test("a script that ends at a confirmation leaves the step unrun, and fails")
  func unansweredConfirmation() throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    let run = try REPLPipedRun("load drill node=pve1\ngoto change\nstep\n", in: workspace)
    #expect(run.status == 1)
    #expect(run.stdout.contains("Step 'change' did not run: the input ended before the confirmation was answered."))
    let events = try workspace.events(of: try #require(workspace.transcripts.first))
    #expect(events.contains { $0["type"]?.stringValue == "confirm" && $0["answer"]?.stringValue == "unanswered" })
    #expect(!events.contains { $0["type"]?.stringValue == "step.start" && $0["step"]?.stringValue == "change" })
  }

  @Test("`lifeline repl` is the same console; without an inventory, local work still goes")
  func explicitSubcommand() throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    let run = try REPLPipedRun("runbooks\nnodes\nload drill node=anything\nstep\n", arguments: ["repl"], in: workspace)
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stdout.contains("  broken-drill  A drill whose check fails\n  drill         A drill on this machine"))
    #expect(run.stdout.contains("No inventory: start lifeline with --inventory FILE"))
    #expect(run.stdout.contains("  hello from anything"))
    #expect(workspace.transcripts.first.map { $0.hasSuffix("_drill_anything.jsonl") } == true)
  }

  @Test("secrets are masked on the screen and in the record")
  func secrets() throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    let run = try REPLPipedRun(
      "load drill node=pve1\nset token hunter2-secret\nparams\nexec local echo token is hunter2-secret\nyes\n",
      in: workspace)
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(!run.stdout.contains("hunter2-secret"))
    #expect(run.stdout.contains("token = ‹redacted›"))
    #expect(run.stdout.contains("  token is ‹redacted›"))
    let text = try String(contentsOfFile: try #require(workspace.transcripts.first), encoding: .utf8)
    #expect(!text.contains("hunter2-secret"))
    #expect(text.contains("\"type\":\"exec.start\""))
  }

  @Test("a session left half-way is resumed in the same transcript; retry runs the last step again")
  func resumeAndRetry() throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    let first = try REPLPipedRun("load drill node=pve1\nstep\nretry\nquit\n", in: workspace)
    #expect(first.status == 0, "stderr: \(first.stderr)")
    #expect(first.stdout.contains("Stopped at step 'decide'. Continue later with: resume Transcripts/"))
    let transcript = try #require(workspace.transcripts.first)
    let name = URL(fileURLWithPath: transcript).lastPathComponent

    let second = try REPLPipedRun("resume Transcripts/\(name)\nshow\nrun\nno\n", in: workspace)
    #expect(second.status == 0, "stderr: \(second.stderr)")
    #expect(second.stdout.contains("Resuming drill at step 'decide', recording in Transcripts/\(name)."))
    #expect(second.stdout.contains("  ✓ hello    local  Say hello\n  ▶ decide   ask    Go on?"))
    #expect(second.stdout.contains("Runbook succeeded."))
    #expect(workspace.transcripts == [transcript], "the resumed session records in the same file")

    let events = try workspace.events(of: transcript)
    let steps = events.filter { $0["type"]?.stringValue == "step.start" }.compactMap { $0["step"]?.stringValue }
    #expect(steps == ["hello", "hello", "cleanup"])
    #expect(events.contains { $0["type"]?.stringValue == "flow" && $0["action"]?.stringValue == "retry" })
    #expect(events.contains { $0["type"]?.stringValue == "session.resume" && $0["step"]?.stringValue == "decide" })
    #expect(
      events.filter { $0["type"]?.stringValue == "session.end" }.compactMap { $0["outcome"]?.stringValue } == [
        "stopped", "succeeded",
      ])
    if case .broken(let line, let reason) = TranscriptVerifier.verify(
      try String(contentsOfFile: transcript, encoding: .utf8))
    {
      Issue.record("the resumed transcript does not verify at line \(line): \(reason)")
    }
  }
}
