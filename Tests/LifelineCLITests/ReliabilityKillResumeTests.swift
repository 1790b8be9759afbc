import Foundation
import Glibc
import LifelineCore
import SSHTestSupport
import Testing

/// `lifeline run` killed with SIGKILL at random moments: the transcript always verifies (a
/// partial last line is allowed, and reported as such), and `lifeline run --resume` always
/// brings the run to the outcome and the completed steps of an uninterrupted run.
@Suite("reliability: killed runs resume", .serialized)
struct ReliabilityKillResumeTests {
  static let runbook = """
    name: resumable
    title: A procedure with a capture, a fan-out, a branch, a confirmation and a finally step
    params:
      node: {description: The node, required: true}
    steps:
      - id: inspect
        title: Read the votes
        on: "{{ node }}"
        run: "echo 'votes: 3'; sleep 0.2"
        capture: {votes: 'votes: (\\d+)'}
      - id: survey
        title: Every node answers
        on: all
        run: echo {{ target }} is here; head -c 1500 /dev/urandom | od -An | head -n 20; sleep 0.2
      - id: check
        title: A check that fails, so the runbook branches
        on: "{{ node }}"
        run: echo state {{ votes }}; sleep 0.2; exit 3
        on_failure: repair
        next: end
      - id: repair
        title: Repair
        on: "{{ node }}"
        run: for i in 1 2 3 4; do echo repairing $i; sleep 0.05; done
      - id: change
        title: A change that needs confirmation
        on: "{{ node }}"
        confirm: Apply the change?
        run: echo changed; sleep 0.2
      - id: verify
        title: The capture survived
        on: local
        run: test {{ votes }} = 3 && echo votes still 3
    finally:
      - {id: cleanup, title: Clean up, on: local, run: echo cleaned; sleep 0.1}
    """

  @Test("SIGKILL at random moments: every transcript verifies, every run resumes to the same outcome")
  func killAndResume() throws {
    let kills = Reliability.count(20)
    let seed = Reliability.seed(for: "killAndResume")
    var generator = SeededGenerator(seed: seed)
    let fixture = try SSHServerFixture(nodes: ["pve1", "pve2", "pve3"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let runbook = try workspace.writeRunbook(Self.runbook, named: "resumable")
    let arguments = workspace.runArguments(runbook, ["--node", "pve2", "--yes"])

    // The reference: one run nobody interrupts.
    let reference = try workspace.run(arguments)
    #expect(reference.status == 0, "\(reference)")
    let referenceTranscript = try Transcript(try #require(workspace.transcriptFiles.last))
    let expectedOutcome = try #require(referenceTranscript.outcome)
    let expectedSteps = referenceTranscript.completedSteps
    #expect(expectedSteps == ["inspect", "survey", "check", "repair", "change", "verify", "cleanup"])
    let referenceEvents = referenceTranscript.events.count

    var partialLines = 0
    var resumed = 0
    var endedBeforeKill = 0
    var resumesKilled = 0
    var eventsKept = 0
    var lost = 0
    for number in 1...kills {
      let context = "seed \(seed), kill \(number)"
      let before = Set(workspace.transcriptFiles)
      let process = try workspace.start(arguments)
      // A random moment: after a random number of recorded events, plus a random delay.
      let threshold = Int.random(in: 1...max(1, referenceEvents - 1), using: &generator)
      let delay = Int.random(in: 0...150, using: &generator)
      _ = Reliability.waitUntil(within: .seconds(120)) {
        guard let file = Set(workspace.transcriptFiles).subtracting(before).first,
          let transcript = try? Transcript(file)
        else { return process.hasExited }
        return transcript.events.count >= threshold || process.hasExited
      }
      Reliability.sleep(milliseconds: delay)
      process.signal(SIGKILL)
      let status = process.wait(within: .seconds(60))
      #expect(status == 137 || status == 0, "\(context): status \(status.map(String.init) ?? "none")")

      let file = try #require(Set(workspace.transcriptFiles).subtracting(before).first, "\(context): no transcript")
      let verdict = try workspace.verify(file)
      #expect(verdict.status == 0, "\(context): \(verdict)")
      let killed = try Transcript(file)
      // What the kill left, up to its last complete line: the record so far.
      let recordedBytes = try Data(contentsOf: URL(fileURLWithPath: file))
      let kept = recordedBytes.prefix(recordedBytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
      if killed.partialTail {
        partialLines += 1
        #expect(verdict.stdoutText.contains("partial line"), "\(context): \(verdict)")
      }
      if killed.outcome != nil {
        endedBeforeKill += 1
      }
      // Resume until the run ends; a resumed run may be killed too (at most twice).
      var attempt = 0
      while try Transcript(file).outcome == nil, attempt < 4 {
        attempt += 1
        let resume = try workspace.start(["run", "--resume", file, "--inventory", workspace.inventory, "--yes"])
        resumed += 1
        if attempt <= 2, Int.random(in: 0..<100, using: &generator) < 30 {
          let recorded = try Transcript(file).events.count
          let more = Int.random(in: 1...6, using: &generator)
          _ = Reliability.waitUntil(within: .seconds(120)) {
            resume.hasExited || ((try? Transcript(file))?.events.count ?? 0) >= recorded + more
          }
          resume.signal(SIGKILL)
          _ = resume.wait(within: .seconds(60))
          resumesKilled += 1
          let again = try workspace.verify(file)
          #expect(again.status == 0, "\(context), resume \(attempt) killed: \(again)")
          continue
        }
        let finished = try workspace.finish(resume)
        #expect(finished.status == 0, "\(context): \(finished)")
        #expect(finished.stdoutText.contains("Resuming 'resumable' at step"), "\(context): \(finished)")
      }
      let final = try Transcript(file)
      let finalBytes = try Data(contentsOf: URL(fileURLWithPath: file))
      #expect(
        finalBytes.starts(with: kept),
        "\(context): the resumed file does not start with what was recorded before the kill")
      if finalBytes.starts(with: kept) { eventsKept += killed.events.count } else { lost += 1 }
      #expect(!final.partialTail, "\(context): the resumed transcript still ends in a partial line")
      #expect(final.outcome == expectedOutcome, "\(context): outcome \(final.outcome ?? "none")")
      #expect(final.completedSteps == expectedSteps, "\(context): completed \(final.completedSteps.sorted())")
      #expect(final.events("session.start").count == 1, "\(context)")
      let verdictAfter = try workspace.verify(file)
      #expect(verdictAfter.status == 0, "\(context): \(verdictAfter)")
      #expect(Transcript.mode(of: file) == 0o600, "\(context): \(file)")
      let left = fixture.leftovers()
      #expect(left.isEmpty, "\(context): left behind: \(left)")
    }
    #expect(workspace.runningProcesses.isEmpty)
    print(
      "reliability: killAndResume: seed \(seed): \(kills) kills (\(partialLines) left a partial line, \(endedBeforeKill) came after session.end), \(resumed) resumes (\(resumesKilled) of them killed too), every outcome '\(expectedOutcome)' with the same \(expectedSteps.count) completed steps; \(eventsKept) events recorded before the kills all kept, \(lost) transcripts lost events"
    )
  }
  /// A kill lands between two events; random kills rarely hit the short gaps (between
  /// `session.start` and the first `step.start`, between a `confirm` and its `step.start`).
  /// Every prefix of a complete transcript is what a SIGKILL right after that event leaves,
  /// so this resumes each one, plus one with half of the next line (a kill inside `write`).
  @Test("a run cut after any event (every prefix of a transcript) resumes to the same outcome")
  func resumeFromEveryBoundary() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1", "pve2", "pve3"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let runbook = try workspace.writeRunbook(Self.runbook, named: "resumable")
    let reference = try workspace.run(workspace.runArguments(runbook, ["--node", "pve2", "--yes"]))
    #expect(reference.status == 0, "\(reference)")
    let file = try #require(workspace.transcriptFiles.last)
    let complete = try Transcript(file)
    let expectedOutcome = try #require(complete.outcome)
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { String($0) + "\n" }

    // Cut after each event that is not an output chunk (those are many and alike), and once
    // inside the line after session.start; not after session.end, which ends the session.
    var cuts: [(events: Int, partial: Bool)] = [(1, true)]
    for (index, event) in complete.events.enumerated().dropLast(2) where event["type"]?.stringValue != "output" {
      cuts.append((index + 1, false))
    }
    for (number, cut) in cuts.enumerated() {
      let prefix = workspace.transcripts + "/cut-\(number).jsonl"
      var text = lines.prefix(cut.events).joined()
      if cut.partial { text += String(lines[cut.events].prefix(lines[cut.events].count / 2)) }
      #expect(
        FileManager.default.createFile(
          atPath: prefix, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
      let lastType = complete.events[cut.events - 1]["type"]?.stringValue ?? "?"
      let context = "cut after event \(cut.events - 1) (\(lastType))\(cut.partial ? " and half a line" : "")"
      let verdict = try workspace.verify(prefix)
      #expect(verdict.status == 0, "\(context): \(verdict)")
      #expect(verdict.stdoutText.contains("partial line") == cut.partial, "\(context): \(verdict)")
      let resume = try workspace.run(["run", "--resume", prefix, "--inventory", workspace.inventory, "--yes"])
      #expect(resume.status == 0, "\(context): \(resume)")
      let resumed = try Transcript(prefix)
      #expect(resumed.outcome == expectedOutcome, "\(context): outcome \(resumed.outcome ?? "none")")
      #expect(
        resumed.completedSteps == complete.completedSteps,
        "\(context): completed \(resumed.completedSteps.sorted()), expected \(complete.completedSteps.sorted())")
      #expect(try workspace.verify(prefix).status == 0, "\(context)")
    }
    #expect(fixture.leftovers().isEmpty)
    print("reliability: resumeFromEveryBoundary: \(cuts.count) cut transcripts resumed")
  }
}
