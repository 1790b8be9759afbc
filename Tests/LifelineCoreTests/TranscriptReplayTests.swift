import Foundation
import Testing

@testable import LifelineCore

/// A session recorded by the runner, read back with ``TranscriptReplay`` and continued by a
/// fresh engine, as `lifeline run --resume` does.
@Suite struct TranscriptReplayTests {
  static let confirmed = CoreFixture.text(
    steps: """
        - {id: first, on: local, run: "echo first"}
        - {id: change, on: pve1, run: "echo changed", confirm: true}
        - {id: after, on: local, run: "echo after"}
      """,
    finally: "  - {id: cleanup, on: local, run: \"echo cleaned up\"}\n")

  /// Runs `text` without anyone to confirm; the session ends as the runner left it, unless
  /// `cutInFinally` (killed before `session.end`).
  static func stoppedRun(_ text: String, cutInFinally: Bool = false) async throws -> MemoryRecorder {
    let recorder = MemoryRecorder()
    var engine = try CoreFixture.engine(CoreFixture.runbook(text))
    let stop = await RunbookRunner.scripted(executor: ScriptedExecutor(), recorder: recorder).run(&engine)
    guard case .finished(let outcome) = stop else {
      Issue.record("the run did not finish: \(stop)")
      return recorder
    }
    if !cutInFinally { try recorder.record(.sessionEnd(outcome, reason: "no confirmation")) }
    return recorder
  }

  @Test(arguments: [false, true])
  func aRunStoppedAtAConfirmationResumesAtThatStep(cutInFinally: Bool) async throws {
    let recorded = try await Self.stoppedRun(Self.confirmed, cutInFinally: cutInFinally)
    let replay = TranscriptReplay(contents: recorded.text)
    #expect(replay.resumePoint == .step("change"))

    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.confirmed))
    try engine.resume(from: replay)
    #expect(engine.currentStep?.id == "change")
    let executor = ScriptedExecutor()
    let console = ScriptedConsole(confirmations: [.confirmed])
    let stop = await RunbookRunner.scripted(executor: executor, console: console).run(&engine)
    #expect(stop == .finished(.succeeded))
    #expect(executor.commands == ["pve1: echo changed", "local: echo after", "local: echo cleaned up"])
  }
}
