import LifelineCore

extension ReplSession {
  /// `skip`: the current step counts as done by hand; the runbook goes where its success leads.
  func skipStep() throws(UserError) -> ReplCommandResult {
    var engine = try readyEngine()
    guard let step = engine.currentStep else {
      throw .usage("the runbook has ended: there is no step to skip")
    }
    try record(.flow(.skip, step: step.id, detail: "skipped by the operator"))
    engine.skip()
    self.engine = engine
    output.say("Skipped '\(step.id)'. " + positionText(of: engine))
    return .succeeded
  }

  /// `goto STEP`: another step becomes the current one; nothing runs.
  func goToStep(_ id: String) throws(UserError) -> ReplCommandResult {
    var engine = try readyEngine()
    let from = engine.currentStep?.id ?? engine.outcome.map { "the end (\($0.word))" } ?? "?"
    do {
      try engine.jump(to: id)
    } catch {
      throw .usage(error.description)
    }
    try record(.flow(.goto, step: id, detail: "from \(from)"))
    self.engine = engine
    output.say(positionText(of: engine))
    return .succeeded
  }

  /// `next`: what the current step will do, rendered as it would run.
  func previewStep() throws(UserError) -> ReplCommandResult {
    let engine = try readyEngine()
    guard let step = engine.currentStep else {
      output.say("The runbook has ended\(engine.outcome.map { " (\($0.word))" } ?? ""): nothing is next.")
      return .succeeded
    }
    output.say(output.style.bold("▶ \(step.id)") + (step.title.map { " " + output.shown($0) } ?? ""))
    if let description = step.description { output.say(output.style.dim(output.shown(description))) }
    let work: StepEngine.Work
    do {
      work = try engine.prepare()
    } catch {
      throw .failure("step '\(step.id)' cannot be prepared yet: \(error.description)")
    }
    switch work {
    case .question(let question):
      output.say("  asks: \(output.shown(question.question))")
      output.say("  answers: \(output.shown(question.choices.joined(separator: ", ")))")
    case .command(let invocation):
      for run in invocation.runs {
        output.say(output.style.dim("  \(run.target) $ ") + output.shown(run.command))
      }
      output.say(output.style.dim("  timeout \(DurationText.format(invocation.timeout))"))
      switch invocation.confirmation?.kind {
      case .typeNodeName(let node): output.say(output.style.red("  destructive: asks you to type '\(node)'"))
      case .plain: output.say(output.style.yellow("  asks for confirmation"))
      case nil: break
      }
    }
    return .succeeded
  }

  private func positionText(of engine: StepEngine) -> String {
    if let next = engine.currentStep {
      return "Current step: \(next.id)\(next.title.map { " (\(output.shown($0)))" } ?? "")."
    }
    return "The runbook has ended (\(engine.outcome?.word ?? "ended"))."
  }
}
