import Testing

@testable import LifelineCore

/// Drives a ``StepEngine`` by hand: prepare the current step, feed it results.
enum EngineDriver {
  static func result(
    _ target: ExecutionTarget, _ status: Int32, stdout: String = "", stderr: String = "", command: String = "cmd"
  ) -> RunResult {
    RunResult(
      target: target, command: command, outcome: .exited(status), stdout: OutputTail(stdout), stderr: OutputTail(stderr)
    )
  }

  static func outcome(_ target: ExecutionTarget, _ outcome: CommandOutcome) -> RunResult {
    RunResult(target: target, command: "cmd", outcome: outcome)
  }

  static func invocation(_ engine: StepEngine, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> StepInvocation
  {
    guard case .command(let invocation) = try engine.prepare() else {
      Issue.record("the current step is not a command", sourceLocation: sourceLocation)
      throw AnswerError("not a command")
    }
    return invocation
  }

  /// Completes the current step with the same status on every target it runs on.
  @discardableResult
  static func complete(_ engine: inout StepEngine, status: Int32, stdout: String = "") throws -> StepDecision {
    let invocation = try invocation(engine)
    return engine.complete(
      invocation.runs.map { result($0.target, status, stdout: stdout, command: $0.command) })
  }
}

@Suite struct StepEngineFlowTests {
  static let linear = CoreFixture.text(
    steps: """
        - {id: a, on: local, run: one}
        - {id: b, on: local, run: two}
        - {id: c, on: local, run: three}
      """)

  @Test func successGoesToTheFollowingStepAndEndsAfterTheLast() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.linear))
    #expect(engine.currentStep?.id == "a" && engine.position == .main(0))
    let decisions = try (0..<3).map { _ in try EngineDriver.complete(&engine, status: 0) }
    #expect(decisions.map(\.next) == [.step("b"), .step("c"), .end])
    #expect(decisions.map(\.reason) == ["expectation held", "expectation held", "expectation held"])
    #expect(engine.outcome == .succeeded && engine.currentStep == nil)
    #expect(engine.path == ["a", "b", "c"])
  }

  @Test func failureWithoutOnFailureAborts() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.linear))
    let decision = try EngineDriver.complete(&engine, status: 1)
    #expect(decision.next == .abort && !decision.succeeded)
    let reason = "expectation failed: exit 0, got exit 1; the step has no on_failure, so the runbook aborts"
    #expect(decision.reason == reason)
    #expect(engine.outcome == .failed(stepID: "a", reason: reason))
    #expect(engine.path == ["a"])
  }

  @Test func aFailureOnANodeNamesTheNode() throws {
    var engine = try CoreFixture.engine(
      CoreFixture.runbook(CoreFixture.text(steps: "  - {id: a, on: pve2, run: x, expect: {stdout: up}}\n")))
    let decision = try EngineDriver.complete(&engine, status: 0, stdout: "down")
    #expect(
      decision.reason.hasPrefix("expectation failed: stdout /up/ on pve2, got no match in output ending \"down\""))
  }

  @Test func nextAndOnFailureChooseTheWay() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - {id: a, on: local, run: x, next: c, on_failure: b}
            - {id: b, on: local, run: y, on_failure: end}
            - {id: c, on: local, run: z, next: end}
          """))
    var succeeded = try CoreFixture.engine(runbook)
    #expect(try EngineDriver.complete(&succeeded, status: 0).next == .step("c"))
    #expect(try EngineDriver.complete(&succeeded, status: 0).next == .end)
    #expect(succeeded.outcome == .succeeded && succeeded.path == ["a", "c"])

    var failed = try CoreFixture.engine(runbook)
    #expect(try EngineDriver.complete(&failed, status: 1).next == .step("b"))
    let toEnd = try EngineDriver.complete(&failed, status: 1)
    #expect(toEnd.next == .end && toEnd.reason == "expectation failed: exit 0, got exit 1")
    #expect(failed.outcome == .succeeded, "on_failure: end finishes as succeeded")
  }

  @Test func casesAreTriedInOrderAndTheFirstThatHoldsDecides() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - id: probe
              on: local
              run: pvecm status
              expect: {stdout: 'Quorate: Yes'}
              next: healthy
              on_failure: broken
              cases:
                - {when: {exit: 2}, next: two}
                - {when: {stdout: 'Quorate'}, next: quorate}
                - {when: {stdout: 'Quorate: Yes'}, next: never}
            - {id: healthy, on: local, run: a, next: end}
            - {id: broken, on: local, run: b, next: end}
            - {id: two, on: local, run: c, next: end}
            - {id: quorate, on: local, run: d, next: end}
            - {id: never, on: local, run: e, next: end}
          """))
    func first(_ status: Int32, _ stdout: String) throws -> StepDecision {
      var engine = try CoreFixture.engine(runbook)
      return try EngineDriver.complete(&engine, status: status, stdout: stdout)
    }
    let yes = try first(0, "Quorate: Yes")
    #expect(yes.next == .step("quorate") && yes.succeeded)
    #expect(yes.reason == "case 2 held (stdout /Quorate/)")
    let exitTwo = try first(2, "nothing")
    #expect(exitTwo.next == .step("two") && !exitTwo.succeeded, "a case decides even when the expectation fails")
    #expect(exitTwo.reason == "case 1 held (exit 2)")
    let none = try first(1, "nothing")
    #expect(none.next == .step("broken"), "no case holds: failure goes to on_failure")
    #expect(none.reason == "expectation failed: stdout /Quorate: Yes/, got no match in output ending \"nothing\"")
  }

  @Test func whenNoCaseHoldsSuccessFollowsNext() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - {id: a, on: local, run: x, cases: [{when: {exit: 3}, next: end}]}
            - {id: b, on: local, run: y}
          """))
    var engine = try CoreFixture.engine(runbook)
    let decision = try EngineDriver.complete(&engine, status: 0)
    #expect(decision.next == .step("b") && decision.reason == "expectation held; no case held")
  }

  @Test func aCaseLeadingToAbortFailsTheRunbook() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(steps: "  - {id: a, on: local, run: x, cases: [{when: {stdout: 'split brain'}, next: abort}]}\n")
    )
    var engine = try CoreFixture.engine(runbook)
    let decision = try EngineDriver.complete(&engine, status: 0, stdout: "split brain")
    #expect(decision.next == .abort)
    #expect(engine.outcome == .failed(stepID: "a", reason: "case 1 held (stdout /split brain/)"))
  }
}

@Suite struct StepEngineRetryTests {
  static let retrying = CoreFixture.text(
    steps: """
        - id: wait
          on: pve1
          run: systemctl is-active pve-cluster
          expect: {stdout: '^active$'}
          retry: {attempts: 3, interval: 500ms}
          on_failure: rescue
          cases:
            - {when: {stdout: '^failed$'}, next: broken}
          finding: {severity: critical, text: "pve-cluster is not active on {{ target }}"}
        - {id: next-step, on: local, run: ok, next: end}
        - {id: rescue, on: local, run: fix, next: end}
        - {id: broken, on: local, run: report, next: end}
      """)

  @Test func aFailedAttemptIsRetriedAfterTheInterval() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.retrying))
    let first = try EngineDriver.complete(&engine, status: 0, stdout: "activating")
    #expect(first.next == .retry(after: .milliseconds(500)))
    #expect(first.attempt == 1 && first.findings.isEmpty)
    #expect(first.reason == "attempt 1 of 3: stdout /^active$/ on pve1, got no match in output ending \"activating\"")
    #expect(engine.attempt == 2 && engine.currentStep?.id == "wait" && engine.path.isEmpty)
    #expect(try EngineDriver.invocation(engine).attempt == 2)
    let second = try EngineDriver.complete(&engine, status: 0, stdout: "active")
    #expect(second.next == .step("next-step") && second.attempt == 2 && second.succeeded)
    #expect(engine.attempt == 1, "the next step starts at attempt 1")
    #expect(engine.findings.isEmpty)
  }

  @Test func casesWaitForTheLastAttempt() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.retrying))
    #expect(try EngineDriver.complete(&engine, status: 0, stdout: "failed").next == .retry(after: .milliseconds(500)))
    #expect(try EngineDriver.complete(&engine, status: 0, stdout: "failed").next == .retry(after: .milliseconds(500)))
    let last = try EngineDriver.complete(&engine, status: 0, stdout: "failed")
    #expect(last.next == .step("broken") && last.attempt == 3)
  }

  @Test func exhaustedRetriesGoToOnFailureWithAFinding() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.retrying))
    for _ in 1...2 { try EngineDriver.complete(&engine, status: 1) }
    let last = try EngineDriver.complete(&engine, status: 1)
    #expect(last.next == .step("rescue"))
    #expect(
      last.findings == [
        Finding(severity: .critical, text: "pve-cluster is not active on pve1", stepID: "wait", target: .node("pve1"))
      ])
    #expect(engine.findings == last.findings)
    #expect(engine.path == ["wait"], "a step with retries is one step of the path")
  }
}

@Suite struct StepEngineFanOutTests {
  static let fanOut = CoreFixture.text(
    steps: """
        - id: versions
          on: all
          run: pveversion
          expect: {stdout: 'pve-manager/8'}
          capture: {version: 'pve-manager/(\\S+)'}
          finding: {severity: warning, text: "{{ target }} runs an old release"}
          on_failure: report
        - {id: use, on: pve1, run: "echo {{ version }} {{ version.pve3 }}", next: end}
        - {id: report, on: local, run: "echo {{ version }}", next: end}
      """)

  @Test func aFanOutRunsOnEveryNodeInInventoryOrder() throws {
    let engine = try CoreFixture.engine(CoreFixture.runbook(Self.fanOut))
    let invocation = try EngineDriver.invocation(engine)
    #expect(invocation.runs.map(\.target) == [.node("pve1"), .node("pve2"), .node("pve3")])
    #expect(invocation.isFanOut && invocation.timeout == .seconds(60))
  }

  @Test func itSucceedsOnlyWhenEveryNodeSucceedsAndCapturesPerNode() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.fanOut))
    let decision = engine.complete([
      EngineDriver.result(.node("pve1"), 0, stdout: "pve-manager/8.2.4 (running kernel)"),
      EngineDriver.result(.node("pve2"), 0, stdout: "pve-manager/7.4-3"),
      EngineDriver.result(.node("pve3"), 0, stdout: "pve-manager/8.1.0"),
    ])
    #expect(!decision.succeeded && decision.next == .step("report"))
    #expect(decision.captures.map(\.0) == ["version.pve1", "version.pve2", "version.pve3", "version"])
    #expect(engine.variables["version"] == "8.2.4", "the plain name is the first node's value")
    #expect(engine.variables["version.pve2"] == "7.4-3")
    #expect(decision.findings.map(\.text) == ["pve2 runs an old release"])
    #expect(decision.findings.map(\.target) == [.node("pve2")])
    guard case .command(let report) = try engine.prepare() else { return }
    #expect(report.runs.map(\.command) == ["echo 8.2.4"])
  }

  @Test func aNodeThatPrintsNothingMatchingLeavesOnlyItsOwnCaptureUnset() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.fanOut))
    let decision = engine.complete([
      EngineDriver.result(.node("pve1"), 0, stdout: "bash: pveversion: not found"),
      EngineDriver.outcome(.node("pve2"), .failed(.connectionRefused(address: "10.0.0.2:2222"))),
      EngineDriver.result(.node("pve3"), 0, stdout: "pve-manager/8.1.0"),
    ])
    #expect(decision.captures.map(\.0) == ["version.pve3", "version"])
    #expect(engine.variables["version"] == "8.1.0")
    #expect(engine.variables["version.pve1"] == nil)
    #expect(
      Set(decision.findings.compactMap(\.target)) == [.node("pve1"), .node("pve2")], "one finding per failing node")
  }

  @Test func perNodeCapturesReachLaterSteps() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.fanOut))
    _ = engine.complete(
      ["pve1", "pve2", "pve3"].map { EngineDriver.result(.node($0), 0, stdout: "pve-manager/8.0-\($0)") })
    let use = try EngineDriver.invocation(engine)
    #expect(use.stepID == "use" && use.runs.map(\.command) == ["echo 8.0-pve1 8.0-pve3"])
  }

  @Test func aSingleNodeCaptureHasNoNodeSuffix() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(steps: "  - {id: a, on: pve2, run: x, capture: {v: 'v=(\\d+)'}}\n"))
    var engine = try CoreFixture.engine(runbook)
    let decision = try EngineDriver.complete(&engine, status: 0, stdout: "v=42")
    #expect(decision.captures.map(\.0) == ["v"] && engine.variables["v"] == "42")
  }

  @Test func nodesAreNamedOnceAndResolvedFromTemplates() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: "  - {id: a, on: [pve2, \"{{ node }}\", pve2, \"{{ here }}\"], run: \"hostname; echo {{ target }}\"}\n",
        header: "params:\n  node: {default: pve1}\n  here: {default: local}\n"))
    let invocation = try EngineDriver.invocation(CoreFixture.engine(runbook))
    #expect(invocation.runs.map(\.target) == [.node("pve2"), .node("pve1"), .local])
    #expect(invocation.runs.map(\.command) == ["hostname; echo pve2", "hostname; echo pve1", "hostname; echo local"])
  }

  @Test func aNodeMissingFromTheInventoryIsRefusedWithASuggestion() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: "  - {id: a, on: \"{{ node }}\", run: x}\n", header: "params:\n  node: {required: true}\n"))
    let engine = try CoreFixture.engine(runbook, parameters: ["node": "pve-2"])
    #expect {
      try engine.prepare()
    } throws: { error in
      let error = error as? TemplateError
      return error?.message == "step 'a' runs on 'pve-2', which is not a node of the inventory (did you mean 'pve2'?)"
        && error?.location.line == 6
    }
  }
}

@Suite struct StepEnginePreparationTests {
  @Test func commandsAreRenderedAndQuotedPerNode() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: "  - {id: a, on: \"{{ node }}\", run: \"ha-manager set {{ sid }} --comment {{ note }}\", timeout: 5m}\n",
        header:
          "params:\n  node: {required: true}\n  sid: {default: 'vm:100'}\n  note: {default: \"it's done; reboot\"}\n"))
    let invocation = try EngineDriver.invocation(CoreFixture.engine(runbook, parameters: ["node": "pve3"]))
    #expect(
      invocation.runs == [
        PlannedRun(target: .node("pve3"), command: "ha-manager set vm:100 --comment 'it'\\''s done; reboot'")
      ])
    #expect(invocation.timeout == .seconds(300) && invocation.attempt == 1 && invocation.confirmation == nil)
    #expect(!invocation.isFanOut)
  }

  @Test func theRunbookTimeoutAppliesToStepsWithoutTheirOwn() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(steps: "  - {id: a, on: local, run: x}\n", header: "timeout: 1m30s\n"))
    #expect(try EngineDriver.invocation(CoreFixture.engine(runbook)).timeout == .seconds(90))
  }

  @Test func aConfirmedStepShowsWhatItWillRun() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - {id: a, on: [pve1, pve2], run: "systemctl restart corosync", confirm: true}
            - {id: b, on: pve1, run: x, confirm: "Restart {{ cluster }} now?"}
          """))
    var engine = try CoreFixture.engine(runbook)
    let plain = try #require(try EngineDriver.invocation(engine).confirmation)
    #expect(
      plain
        == ConfirmationRequest(
          stepID: "a", prompt: "Run step 'a'?", kind: .plain,
          warning:
            "This step changes the cluster:\n  pve1: systemctl restart corosync\n  pve2: systemctl restart corosync"))
    try EngineDriver.complete(&engine, status: 0)
    #expect(try EngineDriver.invocation(engine).confirmation?.prompt == "Restart homelab now?")
  }

  @Test func aDestructiveStepAsksForTheNodeAtRisk() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - {id: reboot, on: "{{ node }}", run: reboot, destructive: true}
            - {id: delnode, on: pve1, run: "pvecm delnode {{ node }}", destructive: "{{ node }}", confirm: "Remove {{ node }} for good?"}
          """,
        header: "params:\n  node: {required: true}\n"))
    var engine = try CoreFixture.engine(runbook, parameters: ["node": "pve3"])
    let reboot = try #require(try EngineDriver.invocation(engine).confirmation)
    #expect(reboot.kind == .typeNodeName("pve3"))
    #expect(reboot.prompt == "Type the node name 'pve3' to run step 'reboot'")
    #expect(
      reboot.warning == "Step 'reboot' is destructive: it can lose data or cluster membership of pve3.\n  pve3: reboot")
    try EngineDriver.complete(&engine, status: 0)
    let delnode = try #require(try EngineDriver.invocation(engine).confirmation)
    #expect(delnode.kind == .typeNodeName("pve3"), "the node at risk, not the node the step runs on")
    #expect(delnode.prompt == "Remove pve3 for good?")
  }

  @Test func aQuestionIsRenderedWithItsChoices() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: "  - {id: q, ask: \"Is {{ node }} powered on?\", choices: {yes: end, no: abort}}\n",
        header: "params:\n  node: {default: pve2}\n"))
    guard case .question(let question) = try CoreFixture.engine(runbook).prepare() else {
      Issue.record("expected a question")
      return
    }
    #expect(question == QuestionRequest(stepID: "q", question: "Is pve2 powered on?", choices: ["yes", "no"]))
  }

  @Test func aCaptureNobodySetStopsWithItsLocation() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - {id: a, on: local, run: x, capture: {v: 'v=(\\d+)'}}
            - {id: b, on: local, run: "echo {{ v }}"}
          """))
    var engine = try CoreFixture.engine(runbook)
    try EngineDriver.complete(&engine, status: 0, stdout: "no value here")
    #expect {
      try engine.prepare()
    } throws: { error in
      (error as? TemplateError)?.description == "rb.yaml:5:35: 'v' has no value yet"
    }
  }

  @Test func nothingIsPreparedOnceTheRunbookFinished() throws {
    var engine = try CoreFixture.engine(
      CoreFixture.runbook(CoreFixture.text(steps: "  - {id: a, on: local, run: x}\n")))
    try EngineDriver.complete(&engine, status: 0)
    #expect(engine.outcome == .succeeded)
    #expect(throws: TemplateError.self) { try engine.prepare() }
  }
}

@Suite struct StepEngineQuestionTests {
  static let question = CoreFixture.text(
    steps: """
        - id: q
          ask: Is the node back?
          choices: {Yes: check, no: abort, later: end}
        - {id: check, on: local, run: x, next: end}
      """)

  @Test func anAnswerLeadsWhereItsChoiceSays() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    let decision = try engine.answer("Yes")
    #expect(decision.next == .step("check") && decision.succeeded)
    #expect(decision.reason == "the operator answered 'Yes'")
    #expect(engine.currentStep?.id == "check" && engine.path == ["q"])
  }

  @Test func answersAreMatchedWithoutRegardToCase() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    let decision = try engine.answer("yes")
    #expect(decision.reason == "the operator answered 'Yes'", "the choice is recorded as the runbook spells it")
    #expect(engine.currentStep?.id == "check")
  }

  @Test func aWrongAnswerIsRefusedWithTheChoices() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    #expect {
      try engine.answer("lator")
    } throws: { error in
      (error as? AnswerError)?.description
        == "'lator' is not an answer to step 'q' (did you mean 'later'?); choose Yes, no, later"
    }
    #expect(engine.currentStep?.id == "q" && engine.path.isEmpty, "a wrong answer changes nothing")
  }

  @Test func answeringAbortFailsTheRunbook() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    #expect(try engine.answer("NO").next == .abort)
    #expect(engine.outcome == .failed(stepID: "q", reason: "the operator answered 'no'"))
  }

  @Test func onlyAQuestionCanBeAnswered() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.question))
    _ = try engine.answer("Yes")
    #expect {
      try engine.answer("Yes")
    } throws: { error in
      (error as? AnswerError)?.description == "the current step is not a question"
    }
  }
}

@Suite struct StepEngineFinallyTests {
  static let withFinally = CoreFixture.text(
    steps: """
        - {id: a, on: local, run: x, on_failure: abort}
        - {id: b, on: local, run: y}
      """,
    finally: """
        - {id: f1, on: local, run: cleanup-1}
        - {id: f2, on: local, run: cleanup-2}
      """)

  @Test func finallyStepsRunAfterTheEnd() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.withFinally))
    try EngineDriver.complete(&engine, status: 0)
    #expect(try EngineDriver.complete(&engine, status: 0).next == .end)
    #expect(engine.outcome == nil && engine.isInFinally && engine.currentStep?.id == "f1")
    #expect(engine.pendingOutcome == .succeeded)
    let f1 = try EngineDriver.complete(&engine, status: 0)
    #expect(f1.next == .continueFinally && f1.reason == "finally step done")
    try EngineDriver.complete(&engine, status: 0)
    #expect(engine.outcome == .succeeded && engine.path == ["a", "b", "f1", "f2"])
  }

  @Test func finallyStepsRunAfterAnAbortAndKeepTheFailure() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.withFinally))
    try EngineDriver.complete(&engine, status: 1)
    #expect(engine.currentStep?.id == "f1")
    try EngineDriver.complete(&engine, status: 0)
    try EngineDriver.complete(&engine, status: 1)
    #expect(engine.outcome == .failed(stepID: "a", reason: "expectation failed: exit 0, got exit 1"))
  }

  @Test func aFailingFinallyStepTurnsSuccessIntoFailureAndTheRestStillRun() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.withFinally))
    try EngineDriver.complete(&engine, status: 0)
    try EngineDriver.complete(&engine, status: 0)
    let f1 = try EngineDriver.complete(&engine, status: 3)
    #expect(f1.next == .continueFinally && f1.reason == "finally step failed: exit 0, got exit 3")
    #expect(engine.currentStep?.id == "f2", "the clean-up goes on")
    try EngineDriver.complete(&engine, status: 0)
    #expect(engine.outcome == .failed(stepID: "f1", reason: "finally step failed: exit 0, got exit 3"))
  }

  @Test func haltingTheMainStepsRunsTheFinallySteps() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.withFinally))
    engine.halt(.stopped(stepID: "a", reason: "no answer"))
    #expect(engine.currentStep?.id == "f1")
    try EngineDriver.complete(&engine, status: 0)
    try EngineDriver.complete(&engine, status: 0)
    #expect(engine.outcome == .stopped(stepID: "a", reason: "no answer"))
  }

  @Test func haltingInTheFinallyStepsEndsAtOnceWithTheMainOutcome() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.withFinally))
    engine.halt(.cancelled(stepID: "a"))
    engine.halt(.cancelled(stepID: "f1"))
    #expect(engine.outcome == .cancelled(stepID: "a"), "f2 does not run: a second halt skips what is left")
    engine.halt(.succeeded)
    #expect(engine.outcome == .cancelled(stepID: "a"), "a finished runbook stays finished")
  }

  @Test func withoutFinallyStepsAHaltFinishesAtOnce() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(StepEngineFlowTests.linear))
    engine.halt(.cancelled(stepID: "a"))
    #expect(engine.outcome == .cancelled(stepID: "a"))
  }

  @Test func aCancelledStepEndsTheMainStepsAndRunsFinally() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.withFinally))
    let decision = engine.cancel([EngineDriver.outcome(.local, .failed(.cancelled))])
    #expect(decision.next == .abort && decision.reason == "cancelled by the operator" && !decision.succeeded)
    #expect(engine.currentStep?.id == "f1", "even with on_failure, a cancel does not branch")
    try EngineDriver.complete(&engine, status: 0)
    try EngineDriver.complete(&engine, status: 0)
    #expect(engine.outcome == .cancelled(stepID: "a"))
  }

  @Test func aRetryingStepThatIsCancelledDoesNotRetry() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(steps: "  - {id: a, on: local, run: x, retry: {attempts: 5, interval: 1s}}\n"))
    var engine = try CoreFixture.engine(runbook)
    _ = engine.cancel([EngineDriver.outcome(.local, .failed(.cancelled))])
    #expect(engine.outcome == .cancelled(stepID: "a"))
  }
}

@Suite struct StepEngineOperatorMoveTests {
  static let steps = CoreFixture.text(
    steps: """
        - {id: check, on: local, run: x, next: fix, on_failure: q}
        - {id: q, ask: Go?, choices: {yes: fix}}
        - {id: fix, on: local, run: y}
        - {id: verify, on: local, run: z}
      """,
    finally: "  - {id: f1, on: local, run: c1}\n  - {id: f2, on: local, run: c2}\n")

  @Test func skipPassesOverAStepAsIfItSucceeded() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.steps))
    engine.skip()
    #expect(engine.currentStep?.id == "fix", "skip follows the step's next")
    engine.skip()
    #expect(engine.currentStep?.id == "verify")
    #expect(engine.path.isEmpty, "skipped steps did not complete")
  }

  @Test func skippingAQuestionGoesToTheFollowingStep() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.steps))
    try engine.jump(to: "q")
    engine.skip()
    #expect(engine.currentStep?.id == "fix")
  }

  @Test func skippingInFinallyMovesToTheNextFinallyStep() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.steps))
    engine.halt(.succeeded)
    engine.skip()
    #expect(engine.currentStep?.id == "f2")
    engine.skip()
    #expect(engine.outcome == .succeeded)
    engine.skip()
    #expect(engine.outcome == .succeeded)
  }

  @Test func jumpMovesToAMainStepAndStartsItsAttemptsAgain() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: "  - {id: a, on: local, run: x, retry: {attempts: 3, interval: 1s}}\n  - {id: b, on: local, run: y}\n"))
    var engine = try CoreFixture.engine(runbook)
    try EngineDriver.complete(&engine, status: 1)
    #expect(engine.attempt == 2)
    try engine.jump(to: "b")
    try engine.jump(to: "a")
    #expect(engine.attempt == 1 && engine.position == .main(0))
  }

  @Test func jumpRefusesUnknownAndFinallySteps() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.steps))
    #expect {
      try engine.jump(to: "verfy")
    } throws: { error in
      (error as? AnswerError)?.description == "no step 'verfy' (did you mean 'verify'?)"
    }
    #expect(throws: AnswerError.self) { try engine.jump(to: "f1") }
    #expect(engine.currentStep?.id == "check")
  }

  @Test func restorePutsTheEngineWhereARecordStood() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.steps))
    let finding = Finding(severity: .info, text: "seen", stepID: "check")
    try engine.restore(stepID: "fix", variables: ["v": "1"], path: ["check"], findings: [finding])
    #expect(engine.currentStep?.id == "fix" && engine.variables["v"] == "1")
    #expect(engine.path == ["check"] && engine.findings == [finding] && engine.attempt == 1)
  }

  @Test func restoreIntoFinallyKeepsHowTheMainStepsEnded() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.steps))
    let failure = Outcome.failed(stepID: "fix", reason: "exit 1")
    try engine.restore(stepID: "f2", variables: [:], path: [], findings: [], mainOutcome: failure)
    #expect(engine.isInFinally && engine.currentStep?.id == "f2")
    try EngineDriver.complete(&engine, status: 0)
    #expect(engine.outcome == failure)
  }

  @Test func restoreWithoutAStepFinishes() throws {
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.steps))
    try engine.restore(stepID: nil, variables: [:], path: ["check", "fix", "verify"], findings: [])
    #expect(engine.outcome == .succeeded)
    #expect(throws: AnswerError.self) {
      try engine.restore(stepID: "nope", variables: [:], path: [], findings: [])
    }
  }
}

@Suite struct ParameterBindingTests {
  static let runbook = try! RunbookLoader.load(
    text: CoreFixture.text(
      steps: "  - {id: a, on: local, run: x}\n",
      header: """
        params:
          node: {description: The node to recover, required: true}
          vmid: {required: true}
          healthy: {default: pve2}
          token: {secret: true}

        """), file: "rb.yaml")

  @Test func defaultsFillWhatWasNotGivenAndGivenValuesWin() throws {
    let values = try ParameterBinding.bind(["node": "pve1", "vmid": "100"], to: Self.runbook)
    #expect(values == ["node": "pve1", "vmid": "100", "healthy": "pve2"])
    let overridden = try ParameterBinding.bind(["node": "pve1", "vmid": "1", "healthy": "pve3"], to: Self.runbook)
    #expect(overridden["healthy"] == "pve3" && overridden["token"] == nil)
  }

  @Test func anUnknownParameterIsRefusedWithTheClosestName() {
    #expect {
      try ParameterBinding.bind(["nod": "pve1"], to: Self.runbook)
    } throws: { error in
      (error as? ParameterError)?.description
        == "runbook 'demo' has no parameter 'nod' (did you mean 'node'?); it takes node, vmid, healthy, token"
    }
  }

  @Test func aRunbookWithoutParametersSaysItTakesNone() throws {
    let runbook = try CoreFixture.runbook(CoreFixture.text(steps: "  - {id: a, on: local, run: x}\n"))
    #expect {
      try ParameterBinding.bind(["x": "1"], to: runbook)
    } throws: { error in
      (error as? ParameterError)?.description == "runbook 'demo' has no parameter 'x'; it takes none"
    }
  }

  @Test func missingRequiredValuesAreListedWithTheFlagsToPass() {
    #expect {
      try ParameterBinding.bind([:], to: Self.runbook)
    } throws: { error in
      (error as? ParameterError)?.description
        == "runbook 'demo' needs values for:\n  node: The node to recover\n  vmid\npass --node NAME --set vmid=VALUE"
    }
    #expect {
      try ParameterBinding.bind(["node": "pve1"], to: Self.runbook)
    } throws: { error in
      (error as? ParameterError)?.description == "runbook 'demo' needs a value for:\n  vmid\npass --set vmid=VALUE"
    }
  }

  @Test func theEngineBindsParametersWhenItStarts() throws {
    #expect(throws: ParameterError.self) { try CoreFixture.engine(Self.runbook) }
    let engine = try CoreFixture.engine(Self.runbook, parameters: ["node": "pve1", "vmid": "7"])
    #expect(engine.variables["healthy"] == "pve2")
  }
}

@Suite struct OutcomeTests {
  @Test(arguments: [
    (Outcome.succeeded, Int32(0), "succeeded", "succeeded"),
    (.failed(stepID: "a", reason: "exit 1"), 1, "failed", "failed at step 'a': exit 1"),
    (.failed(stepID: nil, reason: "no inventory"), 1, "failed", "failed: no inventory"),
    (.stopped(stepID: "q", reason: "pass --answer"), 1, "stopped", "stopped at step 'q': pass --answer"),
    (.cancelled(stepID: "a"), 130, "cancelled", "cancelled at step 'a'"),
    (.cancelled(stepID: nil), 130, "cancelled", "cancelled"),
  ])
  func outcomesHaveExitCodesWordsAndDescriptions(outcome: Outcome, exitCode: Int32, word: String, text: String) {
    #expect(outcome.exitCode == exitCode && outcome.word == word && outcome.description == text)
  }
}
