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

  static let capturedSecret = CoreFixture.text(
    steps: """
        - {id: login, on: local, run: "login", capture: {session: '^session (.*)$'}}
        - {id: change, on: pve1, run: "use {{ session }}", confirm: true}
      """,
    header: "params:\n  pw: {secret: true}\n")

  @Test func aCapturedValueThatHeldASecretIsNotRestoredAsItsMask() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    executor.on("local", "login", .exit(0, stdout: "session s3cr3t-pw\n"))
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.capturedSecret), parameters: ["pw": "s3cr3t-pw"])
    _ = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    // What the session's redactor writes to the file: the captured value holds the secret.
    let redactor = Redactor(secrets: ["s3cr3t-pw"])
    let masked = recorder.text.split(separator: "\n").map { redactor.redact(String($0)) }.joined(separator: "\n")
    #expect(masked.contains(#""captures":{"session":"\#(Redactor.mask)"}"#))

    let replay = TranscriptReplay(contents: masked)
    #expect(replay.captures["session"] == nil)
    #expect(replay.maskedCaptures == ["session": "login"])
    var resumed = try CoreFixture.engine(CoreFixture.runbook(Self.capturedSecret), parameters: ["pw": "s3cr3t-pw"])
    try resumed.resume(from: replay)
    #expect(resumed.currentStep?.id == "change")
    let after = ScriptedExecutor()
    let stop = await RunbookRunner.scripted(executor: after, console: ScriptedConsole(confirmations: [.confirmed]))
      .run(&resumed)
    #expect(after.commands.allSatisfy { !$0.contains(Redactor.mask) }, "sent: \(after.commands)")
    #expect(after.commands.isEmpty)
    guard case .finished(.failed(stepID: "change", let reason)) = stop else {
      Issue.record("the step that needs the value did not fail: \(stop)")
      return
    }
    #expect(reason.contains("'session' has no value"))
  }
}
