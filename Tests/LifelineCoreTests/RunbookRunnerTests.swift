import Foundation
import Testing

@testable import LifelineCore

/// A value shared with the fakes' callbacks.
final class LockedBox<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  var value: Value {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }

  func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}

extension TranscriptEvent {
  var stepField: String? { self["step"]?.stringValue }
}

@Suite struct RunbookRunnerRecordingTests {
  static let twoSteps = CoreFixture.text(
    steps: """
        - {id: first, on: pve1, run: "echo one", timeout: 7s}
        - {id: second, on: local, run: "echo two"}
      """)

  @Test func eachStepIsRecordedAsStartingBeforeItRunsAndEndingAfter() async throws {
    let recorder = MemoryRecorder()
    let seenAtStart = LockedBox<[[String]]>([])
    let executor = ScriptedExecutor(onRun: { _ in seenAtStart.update { $0.append(recorder.types) } })
    executor.on("pve1", "echo one", .exit(0, stdout: "one\n"))
    let console = ScriptedConsole()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.twoSteps))
    let stop = await RunbookRunner.scripted(executor: executor, console: console, recorder: recorder).run(&engine)
    #expect(stop == .finished(.succeeded))
    #expect(recorder.types == ["step.start", "output", "step.end", "step.start", "step.end"])
    #expect(seenAtStart.value == [["step.start"], ["step.start", "output", "step.end", "step.start"]])
    #expect(executor.requests.map(\.timeout) == [.seconds(7), .seconds(60)])
    #expect(executor.commands == ["pve1: echo one", "local: echo two"])
    let shown = console.progress.map { progress -> String in
      switch progress {
      case .stepStarted(let invocation): "start \(invocation.stepID)"
      case .output(let step, let node, let stream, let bytes):
        "\(step) \(node) \(stream): \(String(decoding: bytes, as: UTF8.self))"
      case .stepFinished(let invocation, let decision): "end \(invocation.stepID) → \(decision.next)"
      case .retrying: "retrying"
      case .connection: "connection"
      case .finished(let outcome): "finished \(outcome)"
      }
    }
    #expect(
      shown == [
        "start first", "first pve1 stdout: one\n", "end first → second", "start second", "end second → end",
        "finished succeeded",
      ])
  }

  @Test func theRecordNamesEachStepItsCommandAndItsResult() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    executor.on("pve1", "echo one", .exit(0, stdout: "one\n", stderr: "warning\n"))
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.twoSteps))
    _ = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    let start = recorder.events[0]
    #expect(start.stepField == "first" && start["attempt"] == 1 && start["timeout_ms"] == 7000)
    #expect(start["runs"] == .array([.object([("node", "pve1"), ("command", "echo one")])]))
    let end = try #require(recorder.events(ofType: "step.end").first)
    #expect(end["result"] == "ok" && end["next"] == "second" && end["reason"] == "expectation held")
    let run = try #require(end["runs"]?.arrayValue?.first)
    #expect(run["exit"] == 0 && run["stdout_bytes"] == 4 && run["stderr_bytes"] == 8 && run["node"] == "pve1")
    #expect(end["checks"] == .array([.object([("node", "pve1"), ("check", "exit 0"), ("held", true)])]))
  }

  @Test func theWholeRecordOfARunVerifies() async throws {
    let recorder = MemoryRecorder()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.twoSteps))
    _ = await RunbookRunner.scripted(executor: ScriptedExecutor(), recorder: recorder).run(&engine)
    #expect(
      TranscriptVerifier.verify(recorder.text)
        == .intact(events: recorder.events.count + 1, finalHash: recorder.finalHash, truncatedTail: false))
  }

  @Test func outputIsRecordedInOrderForEachNodeOfAFanOut() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    for node in ["pve1", "pve2", "pve3"] {
      executor.on(
        node, .chunks(0, (1...20).map { ($0 % 3 == 0 ? .stderr : .stdout, "\(node) line \($0)\n") }))
    }
    var engine = try CoreFixture.engine(
      CoreFixture.runbook(CoreFixture.text(steps: "  - {id: all, on: all, run: journalctl}\n")))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    #expect(stop == .finished(.succeeded))
    for node in ["pve1", "pve2", "pve3"] {
      let texts = recorder.events(ofType: "output").filter { $0["node"] == .string(node) }.compactMap {
        $0["text"]?.stringValue
      }
      #expect(texts == (1...20).map { "\(node) line \($0)\n" })
      let streams = recorder.events(ofType: "output").filter { $0["node"] == .string(node) }.compactMap {
        $0["stream"]?.stringValue
      }
      #expect(streams == (1...20).map { $0 % 3 == 0 ? "stderr" : "stdout" })
    }
    let end = try #require(recorder.events(ofType: "step.end").first)
    #expect(end["runs"]?.arrayValue?.map { $0["node"] } == ["pve1", "pve2", "pve3"], "results keep the step's order")
    #expect(recorder.types.firstIndex(of: "step.end") == recorder.types.count - 1)
  }

  @Test func outputThatIsNotUTF8IsRecordedAsBase64() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    executor.on("local", ScriptedReply(outcome: .exited(0), output: [(.stdout, [0xFF, 0x00, 0x41])]))
    var engine = try CoreFixture.engine(
      CoreFixture.runbook(CoreFixture.text(steps: "  - {id: a, on: local, run: cat /dev/urandom}\n")))
    _ = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    let output = try #require(recorder.events(ofType: "output").first)
    #expect(output["bytes"] == "/wBB" && output["text"] == nil)
  }

  @Test func findingsAndConnectionEventsAreRecorded() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    var reply = ScriptedReply.exit(1)
    reply.connectionEvents = [ConnectionEvent(node: "pve2", kind: .connected, fingerprint: "SHA256:abc")]
    executor.on("pve2", reply)
    var engine = try CoreFixture.engine(
      CoreFixture.runbook(
        CoreFixture.text(
          steps:
            "  - {id: audit, on: pve2, run: x, on_failure: end, finding: {severity: critical, text: \"[HA] {{ target }} is not fenced\"}}\n"
        )))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    #expect(stop == .finished(.succeeded))
    #expect(recorder.types == ["step.start", "connection", "step.end", "finding"])
    let connection = recorder.events[1]
    #expect(
      connection["node"] == "pve2" && connection["event"] == "connected" && connection["fingerprint"] == "SHA256:abc")
    let finding = recorder.events[3]
    #expect(
      finding["severity"] == "critical" && finding["node"] == "pve2" && finding["text"] == "[HA] pve2 is not fenced")
    #expect(engine.findings.count == 1)
  }

  @Test func aCommandThatCouldNotRunIsRecordedWithItsReason() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    executor.on("pve1", .failure(.connectionRefused(address: "10.0.0.1:22")))
    var engine = try CoreFixture.engine(CoreFixture.runbook(CoreFixture.text(steps: "  - {id: a, on: pve1, run: x}\n")))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    let reason =
      "expectation failed: pve1: connection refused; the step has no on_failure, so the runbook aborts"
    #expect(stop == .finished(.failed(stepID: "a", reason: reason)))
    let run = try #require(recorder.events(ofType: "step.end").first?["runs"]?.arrayValue?.first)
    #expect(run["failure"] == "connection refused" && run["exit"] == nil)
  }
}

@Suite struct RunbookRunnerConfirmationTests {
  static let confirmed = CoreFixture.text(
    steps: """
        - {id: look, on: local, run: ls}
        - {id: change, on: pve1, run: "systemctl restart pveproxy", confirm: true}
      """,
    finally: "  - {id: tidy, on: local, run: tidy}\n")

  @Test func aConfirmedStepRuns() async throws {
    let recorder = MemoryRecorder()
    let console = ScriptedConsole(confirmations: [.confirmed])
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.confirmed))
    let stop = await RunbookRunner.scripted(executor: executor, console: console, recorder: recorder).run(&engine)
    #expect(stop == .finished(.succeeded))
    #expect(executor.commands == ["local: ls", "pve1: systemctl restart pveproxy", "local: tidy"])
    #expect(console.confirmationRequests.map(\.stepID) == ["change"])
    let confirm = try #require(recorder.events(ofType: "confirm").first)
    #expect(
      confirm["answer"] == "confirmed" && confirm["by"] == "operator" && confirm["prompt"] == "Run step 'change'?")
    #expect(
      recorder.types == ["step.start", "step.end", "confirm", "step.start", "step.end", "step.start", "step.end"])
  }

  @Test(arguments: [
    (ConfirmationReply.declined, "declined", "the operator declined"),
    (.unavailable("pass --yes to confirm"), "unanswered", "pass --yes to confirm"),
  ])
  func withoutConfirmationANonInteractiveRunStopsAndStillCleansUp(
    reply: ConfirmationReply, word: String, reason: String
  )
    async throws
  {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.confirmed))
    let stop = await RunbookRunner.scripted(
      executor: executor, console: ScriptedConsole(confirmations: [reply]), recorder: recorder
    ).run(&engine)
    #expect(stop == .finished(.stopped(stepID: "change", reason: reason)))
    #expect(executor.commands == ["local: ls", "local: tidy"], "the unconfirmed step never ran; finally did")
    #expect(recorder.events(ofType: "confirm").first?["answer"] == .string(word))
  }

  @Test(arguments: [ConfirmationReply.declined, .unavailable("no terminal")])
  func anInteractiveRunLeavesTheUnconfirmedStepCurrent(reply: ConfirmationReply) async throws {
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.confirmed))
    let stop = await RunbookRunner.scripted(
      executor: executor, console: ScriptedConsole(confirmations: [reply]), interactive: true
    ).run(&engine)
    let reason = reply == .declined ? "the operator declined" : "no terminal"
    #expect(stop == .interrupted(stepID: "change", reason: reason))
    #expect(engine.currentStep?.id == "change" && engine.outcome == nil)
    #expect(executor.commands == ["local: ls"])
  }

  @Test func aDestructiveStepAsksForTheNodeNameTyped() async throws {
    let recorder = MemoryRecorder()
    let console = ScriptedConsole(confirmations: [.confirmed])
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(
      CoreFixture.runbook(
        CoreFixture.text(
          steps: "  - {id: delnode, on: pve1, run: \"pvecm delnode {{ node }}\", destructive: \"{{ node }}\"}\n",
          header: "params:\n  node: {required: true}\n")), parameters: ["node": "pve3"])
    let stop = await RunbookRunner.scripted(executor: executor, console: console, recorder: recorder).run(&engine)
    #expect(stop == .finished(.succeeded))
    #expect(console.confirmationRequests.map(\.kind) == [.typeNodeName("pve3")])
    #expect(recorder.events(ofType: "confirm").first?["typed_node"] == "pve3")
    #expect(executor.commands == ["pve1: pvecm delnode pve3"])
  }

  @Test func anUnconfirmedFinallyStepIsSkippedAndRecorded() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(
      CoreFixture.runbook(
        CoreFixture.text(
          steps: "  - {id: a, on: local, run: x}\n",
          finally: "  - {id: risky, on: pve1, run: reboot, confirm: true}\n  - {id: tidy, on: local, run: tidy}\n")))
    let stop = await RunbookRunner.scripted(
      executor: executor, console: ScriptedConsole(confirmations: [.declined]), recorder: recorder
    ).run(&engine)
    #expect(stop == .finished(.succeeded))
    #expect(executor.commands == ["local: x", "local: tidy"])
    let skip = try #require(recorder.events(ofType: "flow").first)
    #expect(skip["action"] == "skip" && skip.stepField == "risky" && skip["detail"] == "the operator declined")
  }
}

@Suite struct RunbookRunnerQuestionTests {
  static let question = CoreFixture.text(
    steps: """
        - {id: q, ask: "Is {{ cluster }} quorate?", choices: {yes: fix, no: abort}}
        - {id: fix, on: local, run: fix}
      """,
    finally: "  - {id: tidy, on: local, run: tidy}\n")

  @Test func anAnswerIsRecordedAndFollowed() async throws {
    let recorder = MemoryRecorder()
    let console = ScriptedConsole(answers: [.answered("Yes")])
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    let stop = await RunbookRunner.scripted(executor: executor, console: console, recorder: recorder).run(&engine)
    #expect(stop == .finished(.succeeded))
    #expect(
      console.questions == [QuestionRequest(stepID: "q", question: "Is homelab quorate?", choices: ["yes", "no"])])
    let answer = recorder.events[0]
    #expect(answer.type == .answer && answer["choice"] == "Yes" && answer["question"] == "Is homelab quorate?")
    #expect(recorder.events[1].type == .stepEnd && recorder.events[1]["next"] == "fix")
    #expect(executor.commands == ["local: fix", "local: tidy"])
  }

  @Test func anUnansweredQuestionStopsANonInteractiveRun() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    let stop = await RunbookRunner.scripted(
      executor: executor, console: ScriptedConsole(answers: [.unavailable("pass --answer q=ANSWER")]),
      recorder: recorder
    ).run(&engine)
    #expect(stop == .finished(.stopped(stepID: "q", reason: "pass --answer q=ANSWER")))
    #expect(executor.commands == ["local: tidy"])
    #expect(recorder.events.first?["action"] == "stop")
  }

  @Test func aWrongAnswerStopsANonInteractiveRunAndInterruptsAnInteractiveOne() async throws {
    let message = "'perhaps' is not an answer to step 'q'; choose yes, no"
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    let stopped = await RunbookRunner.scripted(
      executor: ScriptedExecutor(), console: ScriptedConsole(answers: [.answered("perhaps")])
    ).run(&engine)
    #expect(stopped == .finished(.stopped(stepID: "q", reason: message)))

    var interactive = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    let interrupted = await RunbookRunner.scripted(
      executor: ScriptedExecutor(), console: ScriptedConsole(answers: [.answered("perhaps")]), interactive: true
    ).run(&interactive)
    #expect(interrupted == .interrupted(stepID: "q", reason: message))
    #expect(interactive.currentStep?.id == "q")
  }
}

@Suite struct RunbookRunnerCancellationTests {
  static let cancellable = CoreFixture.text(
    steps: """
        - {id: drain, on: pve1, run: "ha-manager crm-command node-maintenance enable pve1", on_failure: end}
        - {id: after, on: local, run: never}
      """,
    finally: "  - {id: leave, on: pve1, run: \"ha-manager crm-command node-maintenance disable pve1\"}\n")

  static func blockingExecutor(_ canceller: StepCanceller) -> ScriptedExecutor {
    let executor = ScriptedExecutor(onBlock: { _ in canceller.cancel() })
    executor.on("pve1", "ha-manager crm-command node-maintenance enable pve1", .hang)
    return executor
  }

  @Test func cancellingANonInteractiveRunRunsTheFinallyStepsAndEndsCancelled() async throws {
    let canceller = StepCanceller()
    let recorder = MemoryRecorder()
    let executor = Self.blockingExecutor(canceller)
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.cancellable))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder, canceller: canceller).run(&engine)
    #expect(stop == .finished(.cancelled(stepID: "drain")))
    #expect(
      executor.commands == [
        "pve1: ha-manager crm-command node-maintenance enable pve1",
        "pve1: ha-manager crm-command node-maintenance disable pve1",
      ], "the finally step ran; the step after the cancelled one did not")
    let end = try #require(recorder.events(ofType: "step.end").first)
    #expect(end.stepField == "drain" && end["reason"] == "cancelled by the operator" && end["result"] == "failed")
    #expect(end["runs"]?.arrayValue?.first?["failure"] == "cancelled")
  }

  @Test func cancellingAnInteractiveRunLeavesTheStepCurrent() async throws {
    let canceller = StepCanceller()
    let recorder = MemoryRecorder()
    let executor = Self.blockingExecutor(canceller)
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.cancellable))
    let stop = await RunbookRunner.scripted(
      executor: executor, recorder: recorder, canceller: canceller, interactive: true
    ).run(&engine)
    #expect(stop == .interrupted(stepID: "drain", reason: "cancelled"))
    #expect(engine.currentStep?.id == "drain" && engine.outcome == nil && engine.path.isEmpty)
    #expect(recorder.types == ["step.start", "flow"])
    #expect(recorder.events[1]["action"] == "cancel")
  }

  @Test func aCancelBeforeAStepStartsCancelsThatStep() async throws {
    let canceller = StepCanceller()
    canceller.cancel()
    let executor = ScriptedExecutor()
    executor.on("pve1", "ha-manager crm-command node-maintenance enable pve1", .hang)
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.cancellable))
    let stop = await RunbookRunner.scripted(executor: executor, canceller: canceller).run(&engine)
    #expect(stop == .finished(.cancelled(stepID: "drain")))
  }

  @Test func aCancelAppliesOnlyOnce() async throws {
    let canceller = StepCanceller()
    let executor = Self.blockingExecutor(canceller)
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.cancellable))
    _ = await RunbookRunner.scripted(executor: executor, canceller: canceller).run(&engine)
    // The finally step after the cancel ran to its end: the cancel was spent on the step it hit.
    #expect(engine.path == ["drain", "leave"])
  }

  @Test func theCancellerCancelsWhatIsRegisteredAndForgetsItAfterwards() {
    let canceller = StepCanceller()
    let calls = LockedBox(0)
    canceller.begin { calls.update { $0 += 1 } }
    canceller.cancel()
    #expect(calls.value == 1)
    canceller.end()
    canceller.cancel()
    #expect(calls.value == 1, "a cancel with nothing running waits for the next step")
    canceller.begin { calls.update { $0 += 10 } }
    #expect(calls.value == 11)
    canceller.end()
    canceller.begin { calls.update { $0 += 100 } }
    #expect(calls.value == 11, "the pending cancel was spent")
  }
}

@Suite struct RunbookRunnerRetryTests {
  static let retrying = CoreFixture.text(
    steps:
      "  - {id: wait, on: pve1, run: \"pvecm status\", expect: {stdout: 'Quorate: Yes'}, retry: {attempts: 3, interval: 2s}}\n",
    finally: "  - {id: tidy, on: local, run: tidy}\n")

  @Test func retriesWaitThroughTheInjectedSleep() async throws {
    let executor = ScriptedExecutor()
    executor.on(
      "pve1", .exit(0, stdout: "Quorate: No"), .exit(0, stdout: "Quorate: No"), .exit(0, stdout: "Quorate: Yes"))
    let sleeps = SleepLog()
    let console = ScriptedConsole()
    let recorder = MemoryRecorder()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.retrying))
    let stop = await RunbookRunner.scripted(
      executor: executor, console: console, recorder: recorder, sleeps: sleeps
    ).run(&engine)
    #expect(stop == .finished(.succeeded))
    #expect(sleeps.waits == [.seconds(2), .seconds(2)])
    #expect(recorder.events(ofType: "step.start").filter { $0.stepField == "wait" }.map { $0["attempt"] } == [1, 2, 3])
    #expect(
      recorder.events(ofType: "step.end").map { $0["next"] } == [
        "retry in 2s", "retry in 2s", "end", "next finally step",
      ])
    let retries = console.progress.compactMap { progress -> String? in
      guard case .retrying(let step, let attempt, let total, let interval) = progress else { return nil }
      return "\(step) \(attempt)/\(total) after \(interval)"
    }
    #expect(retries == ["wait 2/3 after 2.0 seconds", "wait 3/3 after 2.0 seconds"])
  }

  @Test func exhaustedRetriesFailTheStep() async throws {
    let executor = ScriptedExecutor()
    executor.on("pve1", .exit(0, stdout: "Quorate: No"))
    let sleeps = SleepLog()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.retrying))
    let stop = await RunbookRunner.scripted(executor: executor, sleeps: sleeps).run(&engine)
    guard case .finished(.failed(let step, _)) = stop else {
      Issue.record("expected a failure, got \(stop)")
      return
    }
    #expect(step == "wait" && sleeps.waits.count == 2)
    #expect(executor.commands.count == 4, "three attempts and the finally step")
  }

  @Test func cancellingTheWaitEndsANonInteractiveRun() async throws {
    let executor = ScriptedExecutor()
    executor.on("pve1", .exit(0, stdout: "Quorate: No"))
    let recorder = MemoryRecorder()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.retrying))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder, sleeps: SleepLog(cancelAt: 1)).run(
      &engine)
    #expect(stop == .finished(.cancelled(stepID: "wait")))
    #expect(executor.commands == ["pve1: pvecm status", "local: tidy"])
    let flow = try #require(recorder.events(ofType: "flow").first)
    #expect(flow["action"] == "cancel" && flow["detail"] == "cancelled while waiting to retry")
  }

  @Test func cancellingTheWaitInterruptsAnInteractiveRun() async throws {
    let executor = ScriptedExecutor()
    executor.on("pve1", .exit(0, stdout: "Quorate: No"))
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.retrying))
    let stop = await RunbookRunner.scripted(executor: executor, interactive: true, sleeps: SleepLog(cancelAt: 1)).run(
      &engine)
    #expect(stop == .interrupted(stepID: "wait", reason: "cancelled"))
    #expect(engine.currentStep?.id == "wait" && engine.attempt == 2)
  }

  @Test func aCancelDuringTheWaitComesThroughTheCanceller() async throws {
    let executor = ScriptedExecutor()
    executor.on("pve1", .exit(0, stdout: "Quorate: No"))
    let canceller = StepCanceller()
    let runner = RunbookRunner(
      executor: executor, apiClient: UnavailableAPIClient(reason: "no API in this test"), console: ScriptedConsole(),
      recorder: MemoryRecorder(), canceller: canceller, safety: nil, interactive: false,
      sleep: { _ in
        canceller.cancel()
        try await Task.sleep(for: .seconds(3600))
      })
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.retrying))
    let stop = await runner.run(&engine)
    #expect(stop == .finished(.cancelled(stepID: "wait")))
  }
}

@Suite struct RunbookRunnerFailureTests {
  static let threeSteps = CoreFixture.text(
    steps: """
        - {id: a, on: local, run: one}
        - {id: b, on: local, run: two}
        - {id: c, on: local, run: three}
      """)

  @Test(arguments: 0...5)
  func aRecorderThatFailsStopsTheRunBeforeTheNextStepStarts(capacity: Int) async throws {
    let recorder = MemoryRecorder(failAfter: capacity)
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.threeSteps))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    #expect(stop == .recordingFailed("no space left on device"))
    #expect(recorder.events.count == capacity, "everything before the failure is kept")
    // Every command that ran was announced by a step.start that is in the record.
    #expect(executor.requests.count == recorder.events(ofType: "step.start").count)
    #expect(executor.requests.count == (capacity + 1) / 2)
    guard case .intact(let events, _, false) = TranscriptVerifier.verify(recorder.text) else {
      Issue.record("the record written before the failure must verify")
      return
    }
    #expect(events == capacity + 1)
  }

  @Test func outputThatCannotBeRecordedStopsTheRunAtTheStepEnd() async throws {
    let recorder = MemoryRecorder(failAfter: 2)
    let executor = ScriptedExecutor()
    executor.on("local", "one", .chunks(0, [(.stdout, "a\n"), (.stdout, "b\n"), (.stdout, "c\n")]))
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.threeSteps))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    #expect(stop == .recordingFailed("no space left on device"))
    #expect(recorder.types == ["step.start", "output"])
    #expect(executor.commands == ["local: one"])
    #expect(recorder.refused >= 3, "the other chunks, the gap note and the step.end were all refused")
  }

  @Test func aStepThatCannotBeRenderedFailsTheRunAndFinallyStillRuns() async throws {
    let recorder = MemoryRecorder()
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(
      CoreFixture.runbook(
        CoreFixture.text(
          steps:
            "  - {id: a, on: local, run: x, capture: {v: 'v=(.+)'}}\n  - {id: b, on: local, run: \"use {{ v }}\"}\n",
          finally: "  - {id: tidy, on: local, run: tidy}\n")))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    #expect(stop == .finished(.failed(stepID: "b", reason: "rb.yaml:5:34: 'v' has no value yet")))
    #expect(executor.commands == ["local: x", "local: tidy"])
    let abort = try #require(recorder.events(ofType: "flow").first)
    #expect(abort["action"] == "abort" && abort.stepField == "b")
  }

  @Test func oneStepModePausesAfterEachStep() async throws {
    let executor = ScriptedExecutor()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.threeSteps))
    let runner = RunbookRunner.scripted(executor: executor)
    var stops: [RunbookRunner.Stop] = []
    stops.append(await runner.run(&engine, mode: .oneStep))
    #expect(engine.currentStep?.id == "b" && executor.commands == ["local: one"])
    for _ in 1...3 { stops.append(await runner.run(&engine, mode: .oneStep)) }
    #expect(stops == [.paused, .paused, .finished(.succeeded), .finished(.succeeded)])
    #expect(executor.commands.count == 3)
  }
}
