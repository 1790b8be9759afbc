import LifelineCore

extension ReplSession {
  /// `load RUNBOOK [KEY=VALUE...]`: validates the runbook, records it, and starts it over.
  func load(_ reference: String, parameters: [ParameterAssignment]) throws(UserError) -> ReplCommandResult {
    let candidate: LoadedRunbook
    do {
      candidate = try library.load(reference)
    } catch {
      throw .usage(error.description)
    }
    let runbook = candidate.runbook
    var values: [String: String] = [:]
    for assignment in parameters {
      guard runbook.parameter(assignment.name) != nil else {
        let names = runbook.parameters.map(\.name)
        throw .usage(
          "runbook '\(runbook.name)' has no parameter '\(assignment.name)'\(Suggestion.didYouMean(assignment.name, in: names))"
            + (names.isEmpty ? "; it takes none" : "; it takes \(names.joined(separator: ", "))"))
      }
      if assignment.name == "node", hasInventory { try checkNode(assignment.value) }
      values[assignment.name] = assignment.value
    }

    if let previous = loaded, let step = engine?.currentStep, engine?.outcome == nil {
      output.hint("Left '\(previous.runbook.name)' at step '\(step.id)'.")
    }
    loaded = candidate
    given = values
    engine = nil
    pendingReplay = nil
    sessionRunbooks.append(candidate)
    updateSecrets()
    recorder.nameFile(runbook: runbook.name, subject: values["node"] ?? inventory.cluster)
    try record(
      .runbookLoaded(
        name: runbook.name, file: runbook.file, sha256: candidate.sha256,
        parameters: runbook.parameters.compactMap { spec in values[spec.name].map { (spec.name, $0) } }))
    buildEngineIfReady()

    let finally = runbook.finally.isEmpty ? "" : ", \(runbook.finally.count) finally"
    output.say(
      "Loaded \(output.style.bold(runbook.name)): \(output.shown(runbook.title)) (\(runbook.steps.count) steps\(finally))"
    )
    let missing = runbook.parameters.filter { $0.required && values[$0.name] == nil && $0.defaultValue == nil }
    if !missing.isEmpty {
      output.hint(
        "Set first: " + missing.map { "set \($0.name) VALUE" }.joined(separator: ", ") + " (params lists them)")
    } else if let first = runbook.steps.first {
      output.hint(
        "First step: \(first.id)\(first.title.map { " (\(output.shown($0)))" } ?? ""). run runs to the end, step runs one step."
      )
    }
    return .succeeded
  }
}
