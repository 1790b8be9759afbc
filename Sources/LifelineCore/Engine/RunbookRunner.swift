/// Drives a ``StepEngine`` against the world: runs each step through the executor (API steps
/// through the API client), asks the operator where the runbook says so, and records
/// everything before it moves on.
public struct RunbookRunner: Sendable {
  public var executor: any CommandExecutor
  /// Sends the requests of `api:` steps; see ``APIExecutor``.
  public var apiClient: any APIClient
  public var console: any OperatorConsole
  public var recorder: any TranscriptRecorder
  public var canceller: StepCanceller
  /// The cluster lock and the live interlocks, applied before each step; see ``SessionSafety``.
  /// Nil only in tests of the flow alone: every front end passes the session's.
  public var safety: SessionSafety?
  /// In the REPL a cancelled or declined step leaves the runbook where it is, for the operator
  /// to retry, skip or go elsewhere; in `lifeline run` it ends the runbook (finally steps run).
  public var interactive: Bool
  public var sleep: @Sendable (Duration) async throws -> Void

  /// The executor, the API client and the safety measures are required, so that no front end
  /// can run a runbook without them.
  public init(
    executor: any CommandExecutor, apiClient: any APIClient, console: any OperatorConsole,
    recorder: any TranscriptRecorder, canceller: StepCanceller = StepCanceller(), safety: SessionSafety?,
    interactive: Bool,
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
  ) {
    self.executor = executor
    self.apiClient = apiClient
    self.console = console
    self.recorder = recorder
    self.canceller = canceller
    self.safety = safety
    self.interactive = interactive
    self.sleep = sleep
  }

  /// Why the runner stopped.
  public enum Stop: Sendable, Hashable {
    case finished(Outcome)
    /// `step` mode: one step done, the runbook goes on at the engine's position.
    case paused
    /// Interactive only: the operator cancelled or declined the step, which stays current.
    case interrupted(stepID: String, reason: String)
    /// The record could not be written; nothing more was started.
    case recordingFailed(String)
  }

  public enum Mode: Sendable {
    case toEnd
    case oneStep
  }

  public func run(_ engine: inout StepEngine, mode: Mode = .toEnd) async -> Stop {
    do {
      while true {
        if let outcome = engine.outcome {
          console.show(.finished(outcome))
          return .finished(outcome)
        }
        if let stop = try await advance(&engine) { return stop }
        if mode == .oneStep, engine.outcome == nil { return .paused }
      }
    } catch {
      return .recordingFailed(error.description)
    }
  }

  /// Runs or asks the current step once; returns a stop when the run cannot go on.
  private func advance(_ engine: inout StepEngine) async throws(RecordingError) -> Stop? {
    let work: StepEngine.Work
    do {
      work = try engine.prepare()
    } catch {
      let stepID = engine.currentStep?.id
      try recorder.record(.flow(.abort, step: stepID, detail: error.description))
      engine.halt(.failed(stepID: stepID, reason: error.description))
      return nil
    }
    switch work {
    case .question(let question):
      return try await ask(question, engine: &engine)
    case .command(let invocation):
      return try await execute(invocation, engine: &engine)
    }
  }

  private func ask(_ question: QuestionRequest, engine: inout StepEngine) async throws(RecordingError) -> Stop? {
    switch await console.choose(question) {
    case .answered(let choice):
      let decision: StepDecision
      do {
        decision = try engine.answer(choice)
      } catch {
        try recorder.record(.flow(.stop, step: question.stepID, detail: error.description))
        if interactive { return .interrupted(stepID: question.stepID, reason: error.description) }
        engine.halt(.stopped(stepID: question.stepID, reason: error.description))
        return nil
      }
      try recorder.record(.answer(step: question.stepID, question: question.question, choice: choice))
      try recorder.record(.stepEnd(decision))
      return nil
    case .unavailable(let hint):
      try recorder.record(.flow(.stop, step: question.stepID, detail: hint))
      if interactive { return .interrupted(stepID: question.stepID, reason: hint) }
      engine.halt(.stopped(stepID: question.stepID, reason: hint))
      return nil
    }
  }

  private func execute(_ invocation: StepInvocation, engine: inout StepEngine) async throws(RecordingError) -> Stop? {
    if let request = invocation.confirmation {
      let reply = await console.confirm(request)
      try recorder.record(.confirmation(request, reply: reply, by: "operator"))
      switch reply {
      case .confirmed: break
      case .declined, .unavailable:
        let reason: String
        if case .unavailable(let hint) = reply { reason = hint } else { reason = "the operator declined" }
        if interactive { return .interrupted(stepID: invocation.stepID, reason: reason) }
        if engine.isInFinally {
          try recorder.record(.flow(.skip, step: invocation.stepID, detail: reason))
          engine.skip()
        } else {
          // As for an unanswered question: the record says where the run stopped, so a resume
          // continues at this step and not after the finally steps that run next.
          try recorder.record(.flow(.stop, step: invocation.stepID, detail: reason))
          engine.halt(.stopped(stepID: invocation.stepID, reason: reason))
        }
        return nil
      }
    }

    if let safety, let stop = try await apply(safety, to: invocation, engine: &engine) { return stop }

    try recorder.record(.stepStart(invocation))
    console.show(.stepStarted(invocation))
    let (results, unrecorded) = await runAll(invocation, inventory: engine.inventory)
    let cancelled = results.contains { $0.outcome == .failed(.cancelled) }

    if cancelled, interactive {
      try recorder.record(.flow(.cancel, step: invocation.stepID, detail: "cancelled by the operator"))
      return .interrupted(stepID: invocation.stepID, reason: "cancelled")
    }
    let decision = cancelled ? engine.cancel(results) : engine.complete(results)
    try recorder.record(.stepEnd(decision))
    for finding in decision.findings { try recorder.record(.finding(finding)) }
    console.show(.stepFinished(invocation, decision))
    if unrecorded > 0 {
      throw RecordingError(
        "\(unrecorded) events of step '\(invocation.stepID)' could not be written to the transcript; the run stops so that nothing more happens unrecorded"
      )
    }
    if case .retry(let interval) = decision.next {
      console.show(
        .retrying(
          stepID: invocation.stepID, attempt: decision.attempt + 1, of: invocation.step.retry?.attempts ?? 1,
          after: interval))
      if await wait(interval) == false {
        try recorder.record(.flow(.cancel, step: invocation.stepID, detail: "cancelled while waiting to retry"))
        if interactive { return .interrupted(stepID: invocation.stepID, reason: "cancelled") }
        engine.halt(.cancelled(stepID: invocation.stepID))
      }
    }
    return nil
  }

  /// Runs the safety checks. Nil: run the step. Otherwise the step must not run, and the
  /// wrapped value is what the step returns: a stop (interactive), or nil when the engine was
  /// halted and the run goes on with the finally steps.
  private func apply(
    _ safety: SessionSafety, to invocation: StepInvocation, engine: inout StepEngine
  ) async throws(RecordingError) -> Stop?? {
    let reason: String
    switch try await safety.check(invocation, recorder: recorder) {
    case .proceed:
      return nil
    case .refuse(let refusal):
      reason = refusal
    case .confirmAgain(let request):
      let reply = await console.confirm(request)
      try recorder.record(.confirmation(request, reply: reply, by: "operator"))
      if reply == .confirmed { return nil }
      reason = "the operator did not confirm a second time"
    }
    if interactive { return .interrupted(stepID: invocation.stepID, reason: reason) }
    engine.halt(.failed(stepID: invocation.stepID, reason: reason))
    return .some(nil)
  }

  /// Waits between retries; false when the operator cancelled the wait.
  private func wait(_ interval: Duration) async -> Bool {
    let sleep = self.sleep
    let task = Task { try await sleep(interval) }
    canceller.begin { task.cancel() }
    defer { canceller.end() }
    return (try? await task.value) != nil
  }

  /// Runs every target of a step at once and collects the results in the step's order.
  /// Also counts the events that could not be recorded, so a gap in the record stops the run.
  private func runAll(_ invocation: StepInvocation, inventory: Inventory) async -> ([RunResult], unrecorded: Int) {
    let executor: any CommandExecutor =
      invocation.step.isAPICall ? APIExecutor(client: apiClient, inventory: inventory) : self.executor
    let recorder = self.recorder
    let console = self.console
    let task = Task {
      await withTaskGroup(of: (Int, RunResult, Int).self) { group in
        for (index, run) in invocation.runs.enumerated() {
          group.addTask {
            let (result, unrecorded) = await RecordedCommand.run(
              run.command, on: run.target, stepID: invocation.stepID, timeout: invocation.timeout, executor: executor,
              recorder: recorder, show: { console.show($0) })
            return (index, result, unrecorded)
          }
        }
        var results = [RunResult?](repeating: nil, count: invocation.runs.count)
        var unrecorded = 0
        for await (index, result, gaps) in group {
          results[index] = result
          unrecorded += gaps
        }
        return (results.compactMap { $0 }, unrecorded)
      }
    }
    canceller.begin { task.cancel() }
    defer { canceller.end() }
    return await withTaskCancellationHandler {
      await task.value
    } onCancel: {
      task.cancel()
    }
  }
}
