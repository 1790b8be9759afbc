import LifelineCore

extension ReplSession {
  /// `run` and `step`: drive the runbook from the current step, asking inline; Ctrl-C
  /// cancels the running step, which stays the current one.
  func runRunbook(_ mode: RunbookRunner.Mode) async throws(UserError) -> ReplCommandResult {
    var engine = try readyEngine()
    if let outcome = engine.outcome {
      throw .usage("the runbook has ended (\(outcome.word)); goto STEP to go back, or load it again to start over")
    }
    let canceller = StepCanceller()
    let runner = session.runner(for: engine.runbook, console: console, canceller: canceller, interactive: true)
    let stop = await interrupts.whileRunning(cancel: { canceller.cancel() }) {
      await runner.run(&engine, mode: mode)
    }
    timer.stop()
    self.engine = engine
    // The lock is held while the runbook is under way, and given back once it has ended.
    if engine.outcome != nil { await session.releaseLock() }
    switch stop {
    case .finished(let outcome):
      output.hint("quit ends the session and writes the report; show lists what ran.")
      return outcome == .succeeded ? .succeeded : .failed
    case .paused:
      if let next = engine.currentStep {
        output.hint(
          "Next: \(next.id)\(next.title.map { " (\(output.shown($0)))" } ?? ""). step runs it, run goes on to the end.")
      }
      return .succeeded
    case .interrupted(let step, let reason):
      let what = reason == "cancelled" ? "was cancelled" : "did not run: \(output.shown(reason))"
      output.say(output.style.yellow("Step '\(step)' \(what)."))
      output.hint(
        "It is still the current step: step or run tries it again, skip passes over it, goto STEP moves elsewhere.")
      return reason == "cancelled" ? .interrupted : .failed
    case .recordingFailed(let reason):
      throw .failure("\(reason); the runbook was stopped before its next step")
    }
  }

  /// `retry`: back to the step that ran last (or was cancelled or declined), and run it once more.
  func retryStep() async throws(UserError) -> ReplCommandResult {
    var engine = try readyEngine()
    guard let step = recorder.lastAttemptedStep ?? engine.currentStep?.id else {
      throw .usage("nothing has run yet: step runs the current step")
    }
    guard engine.runbook.steps.contains(where: { $0.id == step }) else {
      throw .usage("'\(step)' is a finally step, which cannot be retried on its own")
    }
    do {
      try engine.jump(to: step)
    } catch {
      throw .usage(error.description)
    }
    try record(.flow(.retry, step: step, detail: "the operator runs step '\(step)' again"))
    self.engine = engine
    return try await runRunbook(.oneStep)
  }
}
