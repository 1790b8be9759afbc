import LifelineCore

extension ReplSession {
  /// Ends the session (`quit`, Ctrl-D, the end of a script): records where the runbook
  /// stands and `session.end`, seals it, prints the final hash, and writes the report next to the
  /// transcript. A runbook left half-way is recorded as stopped, so `resume` can continue it.
  func finish(reason: String) async {
    await session.releaseLock()
    var outcome: Outcome?
    var why = reason
    if let engine, loaded != nil {
      if let ended = engine.outcome {
        outcome = ended
        why = ended.description
      } else if let step = engine.currentStep, recorder.lastAttemptedStep != nil || !engine.path.isEmpty {
        try? record(.flow(.stop, step: step.id, detail: reason))
        outcome = .stopped(stepID: step.id, reason: reason)
      }
    }
    guard recorder.status != nil else { return }
    do {
      try await session.end(outcome, reason: why)
    } catch {
      output.error(error.description)
    }
    guard let status = recorder.status else { return }
    output.say("Transcript: \(status.path) (\(status.events) events, final hash \(status.head))")
    if case .stopped(let step, _) = outcome {
      output.hint("Stopped at step '\(step)'. Continue later with: resume \(status.path)")
    }
    do {
      switch try ReportWriter.write(transcript: status.path, loaded: sessionRunbooks, library: library) {
      case .written(let report, let warning):
        if let warning { output.error(warning) }
        output.say("Report: \(report)")
      case .deferred(let why): output.say(why)
      }
    } catch {
      output.error(error.description)
    }
  }
}
