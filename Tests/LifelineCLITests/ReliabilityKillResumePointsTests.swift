import Foundation
import Glibc
import LifelineCore
import SSHTestSupport
import Testing

/// `lifeline` killed with SIGKILL at each kind of moment a session has (right after a step,
/// while one node prints, while a fan-out prints on several, during `finally`, during a
/// question), then resumed: the file verifies before and after the resume, keeps every line
/// it had, holds every output line the operator saw before the kill, and the resumed steps'
/// output is chained by the same writer as everything else.
@Suite("reliability: killed at every kind of point, resumed", .serialized)
struct ReliabilityKillResumePointsTests {
  static let runbook = """
    name: killpoints
    title: Output everywhere, a question and a finally step
    params:
      node: {description: The node, required: true}
    steps:
      - id: first
        on: "{{ node }}"
        run: echo tok-first-1
      - id: printer
        on: "{{ node }}"
        run: sleep 0.3; for i in $(seq 1 40); do echo tok-printer-$i; sleep 0.02; done
      - id: fan
        on: all
        run: for i in $(seq 1 30); do echo tok-fan-{{ target }}-$i; sleep 0.02; done
      - id: question
        ask: Go on with the last step?
        choices:
          go: last
          stop: abort
      - id: last
        on: "{{ node }}"
        run: echo tok-last-1
    finally:
      - id: cleanup
        on: "{{ node }}"
        run: for i in $(seq 1 30); do echo tok-cleanup-$i; sleep 0.02; done
    """

  /// The output lines the operator saw (`tok-…`, as the progress printer shows them; the
  /// lines that show a command, `NODE $ COMMAND`, are not output).
  static func shownTokens(_ stdout: String) -> Set<String> {
    Set(
      stdout.split(separator: "\n").compactMap { line in
        guard !line.contains(" $ ") else { return nil }
        return line.split(separator: " ").last.flatMap { $0.hasPrefix("tok-") ? String($0) : nil }
      })
  }

  /// The output lines the transcript holds.
  static func recordedTokens(_ transcript: Transcript) -> Set<String> {
    var text = ""
    for event in transcript.events("output") { text += event["text"]?.stringValue ?? "" }
    return Set(text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("tok-") })
  }

  enum Point: String, CaseIterable, CustomTestStringConvertible {
    case afterAStep, oneNodePrints, fanOutPrints, finallyPrints, question
    var testDescription: String { rawValue }
  }

  @Test("SIGKILL, resume, verify", arguments: Point.allCases)
  func killAt(_ point: Point) throws {
    let fixture = try SSHServerFixture(nodes: ["pve1", "pve2", "pve3"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let runbook = try workspace.writeRunbook(Self.runbook, named: "killpoints")
    // Answering `stop` ends the main flow, so `finally` runs; `go` goes on to `last`.
    let answer = point == .finallyPrints ? "stop" : "go"

    let process: LifelineProcess
    var fifo: Int32 = -1
    if point == .question {
      // The console waits for its answer on a pipe that stays open.
      let pipe = workspace.directory + "/console.fifo"
      #expect(mkfifo(pipe, 0o600) == 0)
      fifo = open(pipe, O_RDWR)
      process = try workspace.start(
        ["--inventory", workspace.inventory, "--transcripts", workspace.transcripts], input: pipe)
      let script = "load \(runbook) node=pve2\nrun\n"
      _ = script.withCString { write(fifo, $0, strlen($0)) }
    } else {
      process = try workspace.start(
        workspace.runArguments(runbook, ["--node", "pve2", "--yes", "--answer", "question=\(answer)"]))
    }
    defer { if fifo >= 0 { close(fifo) } }

    func current() -> Transcript? { workspace.transcriptFiles.first.flatMap { try? Transcript($0) } }
    let reached = Reliability.waitUntil(within: .seconds(120)) {
      if process.hasExited { return true }
      switch point {
      case .afterAStep: return current()?.stepEnd("first") != nil
      case .oneNodePrints:
        return (current().map(Self.recordedTokens)?.filter { $0.hasPrefix("tok-printer") }.count ?? 0) >= 5
      case .fanOutPrints:
        let nodes = Set(current()?.events("output", step: "fan").compactMap { $0["node"]?.stringValue } ?? [])
        return nodes.count >= 2
      case .finallyPrints: return (current()?.events("output", step: "cleanup").count ?? 0) >= 3
      case .question: return process.stdoutText.contains("? Go on with the last step?")
      }
    }
    #expect(reached && !process.hasExited, "\(point): the run ended before the kill point: \(process.stdoutText)")
    process.signal(SIGKILL)
    #expect(process.wait(within: .seconds(60)) == 137)

    let file = try #require(workspace.transcriptFiles.first)
    #expect(try workspace.verify(file).status == 0, "\(point)")
    let killed = try Transcript(file)
    #expect(killed.outcome == nil, "\(point): killed before the end")
    let shown = Self.shownTokens(process.stdoutText)
    let missing = shown.subtracting(Self.recordedTokens(killed))
    #expect(missing.isEmpty, "\(point): shown on the screen but not in the record: \(missing.sorted())")
    switch point {
    case .oneNodePrints, .fanOutPrints, .finallyPrints:
      #expect(!shown.isEmpty, "\(point): the kill came while output was shown")
    default: break
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: file))
    let kept = before.prefix(before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)

    let resume = try workspace.run([
      "run", "--resume", file, "--inventory", workspace.inventory, "--yes", "--answer", "question=\(answer)",
    ])
    #expect(resume.status == (answer == "go" ? 0 : 1), "\(point): \(resume)")
    let verdict = try workspace.verify(file)
    #expect(verdict.status == 0, "\(point): the resumed record does not verify: \(verdict)")
    let after = try Data(contentsOf: URL(fileURLWithPath: file))
    #expect(after.starts(with: kept), "\(point): the resume changed what was recorded before the kill")

    let final = try Transcript(file)
    #expect(final.events.enumerated().allSatisfy { $0.element["seq"]?.intValue == Int64($0.offset) })
    let resumedAt = try #require(final.events.firstIndex { $0["type"]?.stringValue == "session.resume" })
    let resumedOutput = final.events[resumedAt...].filter { $0["type"]?.stringValue == "output" }
    #expect(!resumedOutput.isEmpty, "\(point): the resumed steps printed")
    var expected: Set<String> = ["tok-first-1"]
    for i in 1...30 { expected.insert("tok-cleanup-\(i)") }
    if answer == "go" {
      expected.insert("tok-last-1")
      for i in 1...40 { expected.insert("tok-printer-\(i)") }
      for node in ["pve1", "pve2", "pve3"] { for i in 1...30 { expected.insert("tok-fan-\(node)-\(i)") } }
    }
    let recorded = Self.recordedTokens(final)
    #expect(recorded.isSuperset(of: expected), "\(point): missing \(expected.subtracting(recorded).sorted())")
    #expect(fixture.leftovers().isEmpty)
  }

  /// A fast runbook, killed at random moments many times: every killed file verifies and
  /// holds every line shown before the kill, and every resumed file verifies and keeps it.
  static let quickRunbook = """
    name: quick
    title: Quick steps that print, on one node and on all
    params:
      node: {description: The node, required: true}
    steps:
      - {id: a, on: "{{ node }}", run: "echo tok-a-1; echo tok-a-2"}
      - {id: b, on: all, run: "for i in 1 2 3 4 5; do echo tok-b-{{ target }}-$i; done"}
      - {id: c, on: "{{ node }}", run: "for i in 1 2 3 4 5 6; do echo tok-c-$i; sleep 0.01; done"}
      - {id: d, on: local, run: "echo tok-d-1"}
    finally:
      - {id: z, on: "{{ node }}", run: "echo tok-z-1; echo tok-z-2"}
    """

  @Test("SIGKILL at random moments, 200 times: every record verifies and keeps what was shown")
  func killAtRandomMoments() throws {
    let kills = max(200, Reliability.count(200))
    let seed = Reliability.seed(for: "killAtRandomMoments")
    var generator = SeededGenerator(seed: seed)
    let fixture = try SSHServerFixture(nodes: ["pve1", "pve2"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let runbook = try workspace.writeRunbook(Self.quickRunbook, named: "quick")
    let arguments = workspace.runArguments(runbook, ["--node", "pve1", "--yes"])
    // The reference: how long a run lasts once its record exists, the span kills fall in.
    let clock = ContinuousClock()
    let referenceProcess = try workspace.start(arguments)
    _ = Reliability.waitUntil(within: .seconds(60)) {
      referenceProcess.hasExited || !workspace.transcriptFiles.isEmpty
    }
    let started = clock.now
    let reference = try workspace.finish(referenceProcess)
    let referenceTime = clock.now - started
    #expect(reference.status == 0, "\(reference)")
    let expected = Self.recordedTokens(try Transcript(try #require(workspace.transcriptFiles.last)))
    #expect(expected.count == 2 + 10 + 6 + 1 + 2)
    let span = max(50, Int(referenceTime.milliseconds))

    var landed: [String: Int] = [:]
    for number in 1...kills {
      let context = "seed \(seed), kill \(number)"
      let previous = Set(workspace.transcriptFiles)
      let process = try workspace.start(arguments)
      // From the moment the record exists: the start-up before it holds nothing to test.
      _ = Reliability.waitUntil(within: .seconds(60)) {
        process.hasExited || !Set(workspace.transcriptFiles).subtracting(previous).isEmpty
      }
      Reliability.sleep(milliseconds: Int.random(in: 0...span, using: &generator))
      process.signal(SIGKILL)
      _ = process.wait(within: .seconds(60))
      guard let file = Set(workspace.transcriptFiles).subtracting(previous).first else {
        landed["before the transcript", default: 0] += 1
        continue
      }
      let verdict = try workspace.verify(file)
      guard verdict.status == 0 else {
        // A kill before the first line is complete leaves nothing to verify or resume.
        #expect((try? Transcript(file))?.events.isEmpty == true, "\(context): \(verdict)")
        landed["inside session.start", default: 0] += 1
        continue
      }
      let killed = try Transcript(file)
      landed[killed.types.last ?? "?", default: 0] += 1
      let missing = Self.shownTokens(process.stdoutText).subtracting(Self.recordedTokens(killed))
      #expect(missing.isEmpty, "\(context): shown but not recorded: \(missing.sorted())")
      guard killed.outcome == nil else { continue }
      let before = try Data(contentsOf: URL(fileURLWithPath: file))
      let kept = before.prefix(before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
      let resume = try workspace.run(["run", "--resume", file, "--inventory", workspace.inventory, "--yes"])
      #expect(resume.status == 0, "\(context): \(resume)")
      #expect(try workspace.verify(file).status == 0, "\(context): the resumed record does not verify")
      #expect(try Data(contentsOf: URL(fileURLWithPath: file)).starts(with: kept), "\(context)")
      let final = try Transcript(file)
      #expect(final.outcome == "succeeded", "\(context)")
      #expect(Self.recordedTokens(final).isSuperset(of: expected), "\(context)")
    }
    #expect(fixture.leftovers().isEmpty)
    #expect(workspace.runningProcesses.isEmpty)
    print(
      "reliability: killAtRandomMoments: seed \(seed): \(kills) kills; last event before each kill: \(landed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
    )
  }
}
