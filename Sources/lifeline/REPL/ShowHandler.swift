import LifelineCore

extension ReplSession {
  /// `show`: the steps with ✓ ✗ ↷ and ▶, then where the runbook stands.
  func showSteps() throws(UserError) -> ReplCommandResult {
    let loaded = try requireRunbook()
    let runbook = loaded.runbook
    let current = engine.map { $0.currentStep?.id } ?? runbook.steps.first?.id
    output.say("\(output.style.bold(runbook.name)): \(output.shown(runbook.title))")
    for section in StepOverview.sections(of: runbook, marks: recorder.marks, current: current) {
      if let heading = section.heading { output.say(output.style.dim(heading + ":")) }
      for row in section.rows {
        let text = output.shown(row.text)
        output.say("  \(colour(row)) \(row.isCurrent ? output.style.bold(text) : text)")
      }
    }
    if let outcome = engine?.outcome {
      output.say("The runbook has ended: \(output.shown(outcome.description)).")
    } else if let step = engine?.currentStep {
      let attempt = (engine?.attempt ?? 1) > 1 ? " (attempt \(engine?.attempt ?? 1))" : ""
      output.hint("▶ \(step.id) is next\(attempt): step runs it, run goes on to the end, next shows what it will do.")
    }
    return .succeeded
  }

  private func colour(_ row: StepOverview.Row) -> String {
    if row.isCurrent { return output.style.yellow(row.symbol) }
    switch row.mark {
    case .done: return output.style.green(row.symbol)
    case .failed: return output.style.red(row.symbol)
    case .skipped: return output.style.dim(row.symbol)
    case nil: return row.symbol
    }
  }
}
