import LifelineCore

/// Building the step engine of the loaded runbook: it exists once every required parameter
/// has a value, and keeps its place when a parameter changes later.
extension ReplSession {
  /// The engine, built now if it can be; otherwise an error that says what to set.
  func readyEngine() throws(UserError) -> StepEngine {
    if let engine { return engine }
    let loaded = try requireRunbook()
    let missing = loaded.runbook.parameters.filter { $0.required && given[$0.name] == nil && $0.defaultValue == nil }
    if !missing.isEmpty {
      let list = missing.map { "  \($0.name)" + ($0.description.map { ": \($0)" } ?? "") }
      throw .usage(
        "runbook '\(loaded.runbook.name)' needs \(missing.count == 1 ? "a value" : "values") for:\n"
          + list.joined(separator: "\n") + "\nset "
          + missing.map { "\($0.name) VALUE" }.joined(separator: ", then set "))
    }
    var built: StepEngine
    do {
      built = try StepEngine(runbook: loaded.runbook, inventory: inventory, parameters: given)
      if let replay = pendingReplay { try built.resume(from: replay) }
    } catch let error as ParameterError {
      throw .usage(error.description)
    } catch {
      throw .failure("cannot resume: \(error)")
    }
    pendingReplay = nil
    engine = built
    return built
  }

  /// Builds the engine when the parameters allow it, quietly otherwise.
  func buildEngineIfReady() {
    _ = try? readyEngine()
  }

  /// A parameter changed: a new engine with the new values, at the same step, with the
  /// captures, path and findings of the old one.
  func rebuildEngine() throws(UserError) {
    guard let old = engine, let loaded else { return buildEngineIfReady() }
    let runbook = loaded.runbook
    var rebuilt: StepEngine
    do {
      rebuilt = try StepEngine(runbook: runbook, inventory: inventory, parameters: given)
      let captures = old.variables.filter { runbook.parameter($0.key) == nil }
      switch old.position {
      case .main(let index):
        try rebuilt.restore(
          stepID: runbook.steps[index].id, variables: captures, path: old.path, findings: old.findings)
      case .finally(let index):
        try rebuilt.restore(
          stepID: runbook.finally[index].id, variables: captures, path: old.path, findings: old.findings,
          mainOutcome: old.pendingOutcome ?? .succeeded)
      case .finished(let outcome):
        try rebuilt.restore(
          stepID: nil, variables: captures, path: old.path, findings: old.findings, mainOutcome: outcome)
      }
    } catch let error as ParameterError {
      throw .usage(error.description)
    } catch {
      throw .failure("cannot keep the runbook's place: \(error)")
    }
    engine = rebuilt
  }
}
