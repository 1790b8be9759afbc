import Foundation
import Testing

@testable import LifelineCore

/// The cluster lock, the live interlocks, and how a session applies them before a step.
@Suite struct ClusterLockTests {
  static func lock(_ executor: ScriptedExecutor) -> ClusterLock {
    ClusterLock(
      executor: executor, inventory: CoreFixture.inventory, sessionID: "abc", operatorName: "ops@laptop",
      since: "2026-11-06T17:40:12.000Z", purpose: "node-recovery")
  }

  @Test func takesTheLockOnThePreferredNodeOnceAndGivesItBack() async {
    let executor = ScriptedExecutor()
    executor.on("pve2", .exit(0, stdout: "ACQUIRED\n"))
    let lock = Self.lock(executor)
    #expect(await lock.acquire(preferring: ["pve2"]) == .held(node: "pve2"))
    #expect(await lock.acquire(preferring: ["pve2"]) == .held(node: "pve2"))
    #expect(executor.requests.count == 1, "a held lock is not taken again: \(executor.commands)")
    #expect(executor.requests[0].command.contains("set -C"), "taking it must be exclusive")
    #expect(lock.currentNode == "pve2")
    await lock.release()
    #expect(lock.currentNode == nil)
    let release = executor.requests.last?.command ?? ""
    #expect(release.contains("grep -qF 'session=abc '") && release.contains("rm -f \(ClusterLock.path)"))
  }

  @Test func anotherSessionsLockIsReportedWithItsHolder() async {
    let executor = ScriptedExecutor()
    let other = "session=ffe operator=night@desk since=2026-11-06T15:00:00.000Z runbook=delnode"
    executor.on("pve1", .exit(3, stdout: other + "\n"))
    let lock = Self.lock(executor)
    #expect(await lock.acquire(preferring: []) == .heldByOther(node: "pve1", holder: other))
    #expect(lock.currentNode == nil)
    await lock.release()
    #expect(executor.requests.count == 1, "a lock this session does not hold is never removed")
  }

  @Test func itsOwnLockFromBeforeIsRecognised() async {
    let executor = ScriptedExecutor()
    executor.on("pve1", .exit(3, stdout: "session=abc operator=ops@laptop since=x runbook=y\n"))
    #expect(await Self.lock(executor).acquire(preferring: []) == .held(node: "pve1"))
  }

  @Test func withoutAWritableEtcPveTheSessionGoesOnAndSaysWhy() async {
    let executor = ScriptedExecutor(fallback: .exit(4))
    executor.on("pve3", .failure(.unreachable(address: "10.0.0.3", detail: "no route")))
    guard case .unavailable(let reasons) = await Self.lock(executor).acquire(preferring: []) else {
      Issue.record("expected unavailable")
      return
    }
    #expect(reasons.contains("pve1: /etc/pve not writable (exit 4)") && reasons.contains("pve3:"), "\(reasons)")
  }

  @Test func theAgeOfALockComesFromItsSince() {
    let holder = "session=ffe operator=night@desk since=2026-11-06T15:00:00.000Z runbook=delnode"
    let now = Timestamp.epochMilliseconds(rfc3339: "2026-11-06T17:30:00.000Z")!
    #expect(ClusterLock.age(of: holder, nowEpochMilliseconds: now) == .seconds(9000))
    #expect(ClusterLock.age(of: "garbage", nowEpochMilliseconds: now) == nil)
  }
}

@Suite struct SafetyInterlocksTests {
  static let quorate = """
    Quorum information
    ------------------
    Quorate:          Yes

    Votequorum information
    ----------------------
    Total votes:      2
    Quorum:           2  
    """

  static func invocation(_ steps: String, parameters: [String: String] = [:]) throws -> StepInvocation {
    var engine = try CoreFixture.engine(CoreFixture.runbook(CoreFixture.text(steps: steps)), parameters: parameters)
    guard case .command(let invocation) = try engine.prepare() else { throw RecordingError("not a command") }
    return invocation
  }

  static let delnode = """
      - id: remove
        on: pve2
        destructive: pve3
        run: pvecm delnode pve3
    """

  @Test func aNodeThatAnswersIsNeverRemoved() async throws {
    let executor = ScriptedExecutor()
    let verdict = await SafetyInterlocks(executor: executor).verifyDestructive(
      try Self.invocation(Self.delnode), subject: "pve3")
    #expect(!verdict.allowed)
    #expect(verdict.refusal?.hasPrefix("pve3 answers over SSH") == true)
  }

  @Test func aDownNodeIsRemovedOnlyWhenTheClusterIsQuorate() async throws {
    let executor = ScriptedExecutor()
    executor.on("pve3", .failure(.connectionRefused(address: "10.0.0.3")))
    executor.on("pve2", "pvecm status", .exit(0, stdout: Self.quorate), .exit(2, stdout: "Quorate: No\n"))
    let interlocks = SafetyInterlocks(executor: executor)
    let allowed = await interlocks.verifyDestructive(try Self.invocation(Self.delnode), subject: "pve3")
    #expect(allowed.allowed, "\(allowed)")
    #expect(allowed.checks.last == "cluster quorate on pve2 (2 votes, quorum 2)")
    let refused = await interlocks.verifyDestructive(try Self.invocation(Self.delnode), subject: "pve3")
    #expect(!refused.allowed && refused.refusal?.contains("not quorate") == true, "\(refused)")
  }

  @Test func aNodeWhoseSSHServerRespondsIsUp() async throws {
    let executor = ScriptedExecutor()
    executor.on("pve3", .failure(.authenticationFailed(tried: ["publickey"])))
    let verdict = await SafetyInterlocks(executor: executor).verifyDestructive(
      try Self.invocation(Self.delnode), subject: "pve3")
    #expect(!verdict.allowed && verdict.refusal?.contains("still responds") == true)
  }

  @Test func restartingTheLastSpareVoteAsksASecondTime() async throws {
    let executor = ScriptedExecutor()
    executor.on("pve1", "pvecm status", .exit(0, stdout: Self.quorate))
    let verdict = await SafetyInterlocks(executor: executor).verifyServiceRestart(
      try Self.invocation("  - {id: r, on: pve1, confirm: sure?, run: systemctl restart corosync}\n"))
    #expect(verdict.secondConfirmation?.prompt == "Restart the cluster services on pve1 anyway?")
  }

  @Test func whichCommandsStopClusterServices() {
    #expect(SafetyInterlocks.stopsClusterServices("systemctl restart corosync"))
    #expect(SafetyInterlocks.stopsClusterServices("systemctl --no-block stop pve-cluster.service"))
    #expect(SafetyInterlocks.stopsClusterServices("killall corosync"))
    #expect(!SafetyInterlocks.stopsClusterServices("systemctl status corosync"))
    #expect(!SafetyInterlocks.stopsClusterServices("systemctl restart pveproxy"))
  }
}

@Suite struct SessionSafetyTests {
  @Test func aStepIsRefusedWhileAnotherSessionHoldsTheLockWithOwnerAgeAndWhatToDo() async throws {
    let executor = ScriptedExecutor()
    executor.on(
      "pve1", .exit(3, stdout: "session=ffe operator=night@desk since=2026-11-06T15:00:00.000Z runbook=delnode\n"))
    let safety = SessionSafety(
      interlocks: SafetyInterlocks(executor: executor), clusterLock: ClusterLockTests.lock(executor),
      now: { Timestamp.epochMilliseconds(rfc3339: "2026-11-06T17:30:00.000Z")! })
    let recorder = MemoryRecorder()
    let decision = try await safety.check(
      try SafetyInterlocksTests.invocation("  - {id: change, on: pve1, confirm: sure?, run: touch x}\n"),
      recorder: recorder)
    guard case .refuse(let reason) = decision else {
      Issue.record("expected a refusal, got \(decision)")
      return
    }
    #expect(reason.contains("operator=night@desk") && reason.contains("taken 2h30m ago"), "\(reason)")
    #expect(reason.contains("exec pve1 rm -f \(ClusterLock.path)"), "\(reason)")
    #expect(recorder.events(ofType: "flow").last?["action"] == "refused")
  }

  @Test func aStepThatChangesNothingTakesNoLock() async throws {
    let executor = ScriptedExecutor()
    let safety = SessionSafety(
      interlocks: SafetyInterlocks(executor: executor), clusterLock: ClusterLockTests.lock(executor))
    let decision = try await safety.check(
      try SafetyInterlocksTests.invocation("  - {id: look, on: pve1, run: pvecm status}\n"), recorder: MemoryRecorder())
    guard case .proceed = decision else {
      Issue.record("expected to proceed")
      return
    }
    #expect(executor.requests.isEmpty)
  }

  @Test func theLockIsTakenAndRecordedAtTheFirstChangingStep() async throws {
    let executor = ScriptedExecutor()
    executor.on("pve1", .exit(0, stdout: "ACQUIRED\n"))
    let recorder = MemoryRecorder()
    let safety = SessionSafety(
      interlocks: SafetyInterlocks(executor: executor), clusterLock: ClusterLockTests.lock(executor))
    let step = try SafetyInterlocksTests.invocation("  - {id: change, on: pve1, confirm: sure?, run: touch x}\n")
    _ = try await safety.check(step, recorder: recorder)
    _ = try await safety.check(step, recorder: recorder)
    let locks = recorder.events(ofType: "flow").filter { $0["action"] == "lock" }
    #expect(locks.count == 1 && locks[0]["detail"]?.stringValue?.hasPrefix("took the cluster lock") == true)
  }
}

@Suite struct TranscriptVocabularyTests {
  @Test(arguments: [
    StepDecision.Next.step("fix"), .retry(after: .seconds(10)), .end, .abort, .continueFinally,
  ])
  func whereAStepGoesReadsBackAsItself(next: StepDecision.Next) {
    #expect(StepDecision.Next(recorded: next.recorded) == next)
  }

  @Test func aRecordedLineIsDecodedWithItsType() {
    let event = RecordedEvent(line: #"{"seq":3,"ts":"t","type":"step.end","step":"a","next":"retry in 5s"}"#)
    #expect(event?.type == .stepEnd && event?.sequence == 3 && event?.next == .retry(after: .seconds(5)))
    #expect(RecordedEvent(line: #"{"seq":1,"type":"from.the.future"}"#)?.type == nil)
    #expect(RecordedEvent(line: "not json") == nil)
  }

  @Test func aSessionCutOffInItsFinallyStepsResumesAfterTheOneThatFinished() {
    let lines = [
      #"{"type":"session.start","runbook":"r","runbook_file":"r.yaml","runbook_sha256":"x","params":{}}"#,
      #"{"type":"step.end","step":"a","next":"abort","captures":{}}"#,
      #"{"type":"step.end","step":"cleanup","next":"next finally step","captures":{}}"#,
    ]
    let replay = TranscriptReplay(contents: lines.joined(separator: "\n"))
    #expect(replay.resumePoint == .afterFinally("cleanup"))
    #expect(replay.mainFailed == true && replay.path == ["a", "cleanup"])
  }

  @Test func aStoppedSessionResumesAtTheStepThatStopped() {
    let lines = [
      #"{"type":"session.start","runbook":"r","runbook_file":"r.yaml","runbook_sha256":"x","params":{}}"#,
      #"{"type":"step.end","step":"a","next":"b","captures":{"v":"1"}}"#,
      #"{"type":"flow","action":"stop","step":"b","detail":"needs --yes"}"#,
      #"{"type":"session.end","outcome":"stopped"}"#,
    ]
    let replay = TranscriptReplay(contents: lines.joined(separator: "\n"))
    #expect(replay.resumePoint == .step("b") && replay.endedOutcome == .stopped && replay.captures == ["v": "1"])
  }
}
