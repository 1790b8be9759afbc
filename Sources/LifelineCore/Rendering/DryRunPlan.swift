/// The plan `--dry-run` prints: every step in order with where it runs, the command as it
/// would be sent, and where each result leads. Nothing is executed.
///
/// Values that only a run can produce (captures) are shown as `<name>`. Secret parameters are
/// shown as their mask wherever they are used (in commands too), and the plan is terminal-safe: a runbook's
/// text cannot send escape sequences to the operator's screen.
public enum DryRunPlan {
  public static func render(_ runbook: Runbook, parameters: [String: String], inventory: Inventory) -> String {
    var lines = ["Plan for runbook '\(runbook.name)': \(runbook.title)"]
    lines.append("  cluster \(inventory.cluster), parameters: " + describe(parameters, runbook: runbook))
    for (index, step) in runbook.steps.enumerated() {
      lines.append("")
      lines += describe(step, number: "\(index + 1)", runbook: runbook, parameters: parameters, inventory: inventory)
    }
    if !runbook.finally.isEmpty {
      lines.append("")
      lines.append("Always, when the runbook ends:")
      for (index, step) in runbook.finally.enumerated() {
        lines += describe(step, number: "F\(index + 1)", runbook: runbook, parameters: parameters, inventory: inventory)
      }
    }
    return SafeText.display(lines.joined(separator: "\n"))
  }

  private static func describe(_ parameters: [String: String], runbook: Runbook) -> String {
    guard !runbook.parameters.isEmpty else { return "none" }
    return runbook.parameters.map { spec in
      let value = spec.secret ? Redactor.mask : parameters[spec.name].map { "'\($0)'" } ?? "(unset)"
      return "\(spec.name)=\(value)"
    }.joined(separator: ", ")
  }

  private static func describe(
    _ step: Step, number: String, runbook: Runbook, parameters: [String: String], inventory: Inventory
  ) -> [String] {
    var placeholders = parameters
    for name in runbook.capturedNames where placeholders[name] == nil { placeholders[name] = "<\(name)>" }
    for spec in runbook.parameters where spec.secret && placeholders[spec.name] != nil {
      placeholders[spec.name] = Redactor.mask
    }
    let scope = TemplateScope(variables: placeholders, inventory: inventory)
    var lines = ["\(number). [\(step.id)] \(step.title ?? step.id)"]
    switch step.action {
    case .ask(let question, let choices):
      lines.append("   ask: \(render(question, scope: scope, mode: .plain))")
      for choice in choices { lines.append("     '\(choice.answer)' → \(choice.next.target)") }
      return lines
    case .run(let command):
      lines.append("   on: \(targets(of: step, scope: scope, inventory: inventory))")
      var nodeScope = scope
      if case .nodes(let names) = step.target, names.count == 1 {
        nodeScope.target = render(names[0], scope: scope, mode: .plain)
      }
      lines.append("   run: \(render(command, scope: nodeScope, mode: .shell))")
    case .api(let call):
      lines.append(
        "   on: " + (step.target == nil ? "the API at api.url" : targets(of: step, scope: scope, inventory: inventory)))
      lines += requestLines(of: call, step: step, scope: scope, inventory: inventory).map { "   api: \($0)" }
    }
    lines.append("   timeout: \(DurationText.format(step.timeout ?? runbook.defaultTimeout))")
    if let retry = step.retry {
      lines.append("   retry: up to \(retry.attempts) attempts, \(DurationText.format(retry.interval)) apart")
    }
    if step.destructive != nil { lines.append("   DESTRUCTIVE: the operator types the node name; interlocks apply") }
    if step.confirm != nil { lines.append("   confirm first") }
    for (index, item) in step.cases.enumerated() {
      lines.append("   case \(index + 1): when \(StepEngine.describe(item.when)) → \(item.next.target)")
    }
    let following = runbook.steps.firstIndex { $0.id == step.id }.flatMap {
      $0 + 1 < runbook.steps.count ? runbook.steps[$0 + 1].id : nil
    }
    if runbook.finally.contains(where: { $0.id == step.id }) { return lines }
    lines.append("   ok → \(step.next?.target.description ?? following ?? "end")")
    lines.append("   failed → \(step.onFailure?.target.description ?? "abort")")
    return lines
  }

  private static func targets(of step: Step, scope: TemplateScope, inventory: Inventory) -> String {
    switch step.target {
    case .local, nil: "local"
    case .allNodes: "all (" + inventory.nodeNames.joined(separator: ", ") + ")"
    case .nodes(let names): names.map { render($0, scope: scope, mode: .plain) }.joined(separator: ", ")
    }
  }

  /// The request each target would be sent, as the transcript will record it.
  private static func requestLines(of call: APICall, step: Step, scope: TemplateScope, inventory: Inventory)
    -> [String]
  {
    let targets: [ExecutionTarget]
    switch step.target {
    case .local, nil: targets = [.local]
    case .allNodes: targets = inventory.nodeNames.map(ExecutionTarget.node)
    case .nodes(let names): targets = names.map { .node(render($0, scope: scope, mode: .plain)) }
    }
    return targets.map { target in
      guard let base = inventory.apiBase(for: target) else {
        return "\(call.summary)  (cannot render yet: the inventory has no API address for \(target))"
      }
      var nodeScope = scope
      nodeScope.target = target.description
      do throws(TemplateError) {
        return try call.requestLine(base: base, scope: nodeScope)
      } catch {
        return "\(call.summary)  (cannot render yet: \(error.message))"
      }
    }
  }

  private static func render(_ template: TemplateText, scope: TemplateScope, mode: TemplateScope.Mode) -> String {
    do {
      return try scope.render(template, mode: mode)
    } catch {
      return "\(template.source)  (cannot render yet: \(error.message))"
    }
  }
}
