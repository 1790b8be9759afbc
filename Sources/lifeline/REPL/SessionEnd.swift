import LifelineCore

extension ReplSession {
  /// Ends the session (`quit`, Ctrl-D, the end of a script): records where the runbook
  /// stands and `session.end`, prints the final hash, and writes the report next to the
  /// transcript. A runbook left half-way is recorded as stopped, so `resume` can continue it.
  /// The record is sealed last, while the executor still reaches the nodes.
  func finish(reason: String) async {
    var outcome: Outcome?
    var why = reason
    if let engine, loaded != nil {
      if let ended = engine.outcome {
        outcome = ended
        why = ended.description
      } else if let step = engine.currentStep, recorder.lastAttemptedStep != nil || !engine.path.isEmpty {
        try? record(.flow("stop", step: step.id, detail: reason))
        outcome = .stopped(stepID: step.id, reason: reason)
      }
    }
    guard recorder.status != nil else { return }
    do {
      try record(.sessionEnd(outcome, reason: why))
      if let ended = recorder.status {
        await RecordSeal.close(
          recorder, path: ended.path, events: ended.events, head: ended.head, inventory: inventory, executor: executor)
      }
    } catch {
      output.error(error.message)
    }
    guard let status = recorder.status else { return }
    output.say("Transcript: \(status.path) (\(status.events) events, final hash \(status.head))")
    if case .stopped(let step, _) = outcome {
      output.hint("Stopped at step '\(step)'. Continue later with: resume \(status.path)")
    }
    do {
      let report = try ReportWriter.write(transcript: status.path, loaded: sessionRunbooks, library: library)
      output.say("Report: \(report)")
    } catch {
      output.error(error.message)
    }
  }
}
