import LifelineCore

extension ReplSession {
  /// `set KEY [VALUE]`: a value for the steps still to run; asked for when missing, without
  /// echo for a secret.
  func set(_ name: String, to typed: String?) async throws(UserError) -> ReplCommandResult {
    let runbook = try requireRunbook().runbook
    guard let spec = runbook.parameter(name) else {
      let names = runbook.parameters.map(\.name)
      throw .usage(
        "runbook '\(runbook.name)' has no parameter '\(name)'\(Suggestion.didYouMean(name, in: names))"
          + (names.isEmpty ? "; it takes none" : "; it takes \(names.joined(separator: ", "))"))
    }
    let value: String
    if let typed {
      value = typed
    } else {
      let answer =
        spec.secret
        ? await input.readSecret(prompt: "\(name) (not shown): ")
        : await input.readAnswer(prompt: "\(name): ", choices: completionContext.parameterValues[name] ?? [])
      switch answer {
      case .line(let line): value = line
      case .interrupted: return .interrupted
      case .endOfInput: throw .failure("no value for \(name): the input ended")
      }
    }
    guard !value.isEmpty else { throw .usage("\(name) needs a value; set \(name) VALUE") }
    if name == "node", hasInventory { try checkNode(value) }

    given[name] = value
    updateSecrets()
    try rebuildEngine()
    if name == "node" { recorder.nameFile(runbook: runbook.name, subject: value) }
    let shown = spec.secret ? Redactor.mask : value
    try record(.flow(.set, step: engine?.currentStep?.id, detail: "\(name)=\(shown)"))
    output.say("\(name) = \(shown)")
    return .succeeded
  }

  /// `params`: each parameter with its value (secrets masked), default and purpose.
  func listParameters() throws(UserError) -> ReplCommandResult {
    let runbook = try requireRunbook().runbook
    guard !runbook.parameters.isEmpty else {
      output.say("Runbook '\(runbook.name)' takes no parameters.")
      return .succeeded
    }
    let width = runbook.parameters.map(\.name.count).max() ?? 0
    for parameter in runbook.parameters {
      let value: String
      if let set = given[parameter.name] {
        value = parameter.secret ? Redactor.mask : set
      } else if let fallback = parameter.defaultValue {
        value = fallback + output.style.dim(" (default)")
      } else {
        value = parameter.required ? output.style.red("not set (required)") : output.style.dim("not set")
      }
      let about = parameter.description.map { output.style.dim("  — " + $0) } ?? ""
      output.say("  \(parameter.name)\(String(repeating: " ", count: width - parameter.name.count))  \(value)\(about)")
    }
    return .succeeded
  }
}
