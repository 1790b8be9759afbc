/// `lifeline show`: a runbook as Markdown a person can follow on paper, with its flowchart.
/// Runbooks are also the documentation the cluster never had.
public enum ProcedureRenderer {
  public static func markdown(_ runbook: Runbook) -> String {
    var out: [String] = ["# \(runbook.title)", "", "Runbook `\(runbook.name)` · file `\(runbook.file)`", ""]
    if let description = runbook.description {
      out += [description.trimmingCharacters(in: .whitespacesAndNewlines), ""]
    }
    if !runbook.parameters.isEmpty {
      out += ["## Parameters", "", "| Parameter | Required | Default | Meaning |", "|---|---|---|---|"]
      for parameter in runbook.parameters {
        let defaultValue = parameter.secret ? "(secret)" : parameter.defaultValue.map { "`\($0)`" } ?? ""
        out.append(
          "| `\(parameter.name)` | \(parameter.required ? "yes" : "no") | \(defaultValue) | \(cell(parameter.description ?? "")) |"
        )
      }
      out.append("")
    }
    out += ["## Flow", "", "```mermaid", Flowchart.mermaid(runbook), "```", "", "## Steps", ""]
    for (index, step) in runbook.steps.enumerated() {
      let following = index + 1 < runbook.steps.count ? runbook.steps[index + 1].id : nil
      out += describe(step, number: "\(index + 1)", following: following, runbook: runbook)
    }
    if !runbook.finally.isEmpty {
      out += [
        "## Always, at the end", "", "These steps run however the procedure ends, even after an abort or a cancel.", "",
      ]
      for (index, step) in runbook.finally.enumerated() {
        out += describe(step, number: "F\(index + 1)", following: nil, runbook: runbook)
      }
    }
    return out.joined(separator: "\n")
  }

  private static func describe(_ step: Step, number: String, following: String?, runbook: Runbook) -> [String] {
    var out = ["### \(number). \(step.title ?? step.id) <a id=\"\(step.id)\"></a>", ""]
    if let description = step.description {
      out += [description.trimmingCharacters(in: .whitespacesAndNewlines), ""]
    }
    switch step.action {
    case .ask(let question, let choices):
      out += ["**Ask:** \(question.source)", ""]
      for choice in choices { out.append("- **\(choice.answer)** → \(link(choice.next.target))") }
      out.append("")
      return out
    case .run, .api:
      var facts = [
        "**On:** \(target(step))", "**Timeout:** \(DurationText.format(step.timeout ?? runbook.defaultTimeout))",
      ]
      if let retry = step.retry {
        facts.append("**Retry:** up to \(retry.attempts) times, every \(DurationText.format(retry.interval))")
      }
      out += [facts.joined(separator: " · "), ""]
      if let destructive = step.destructive {
        let subject = destructive.subject?.source ?? "the node it runs on"
        out += [
          "> **Destructive.** Type the name of \(subject) to confirm; it must be unreachable and the cluster quorate.",
          "",
        ]
      } else if let confirm = step.confirm {
        out += ["> **Confirm first:** \(confirm.prompt?.source ?? "this step changes the cluster")", ""]
      }
      out += code(of: step.action)
    }
    let expectation = step.expectation
    out.append("- **Expect:** \(StepEngine.describe(expectation))")
    for capture in step.captures { out.append("- **Capture** `\(capture.name)` from \(source(of: capture))") }
    for (index, item) in step.cases.enumerated() {
      out.append("- **Case \(index + 1):** when \(StepEngine.describe(item.when)) → \(link(item.next.target))")
    }
    if runbook.finally.contains(where: { $0.id == step.id }) {
      out.append("")
      return out
    }
    out.append("- **If it holds:** \(link(step.next?.target ?? following.map(FlowTarget.step) ?? .end))")
    out.append("- **If not:** \(link(step.onFailure?.target ?? .abort))")
    if let finding = step.finding {
      out.append("- **Finding when it fails** (\(finding.severity.rawValue)): \(finding.text.source)")
    }
    out.append("")
    return out
  }

  /// The command as a shell block, or the API call as an HTTP block with its parameters.
  private static func code(of action: Step.Action) -> [String] {
    switch action {
    case .run(let command): ["```sh", command.source.trimmingCharacters(in: .newlines), "```", ""]
    case .api(let call):
      ["```http", call.summary] + call.data.map { "\($0.name): \($0.value.source)" } + ["```", ""]
    case .ask: []
    }
  }

  private static func source(of capture: Capture) -> String {
    switch capture.source {
    case .pattern(let pattern): "\(pattern)"
    case .json(let path): "JSON path `\(path.source)`"
    }
  }

  private static func target(_ step: Step) -> String {
    switch step.target {
    case nil where step.isAPICall: "the cluster API (the inventory's `api.url`)"
    case .local, nil: "the operator's machine"
    case .allNodes: "every node"
    case .nodes(let names): names.map { "`\($0.source)`" }.joined(separator: ", ")
    }
  }

  private static func link(_ target: FlowTarget) -> String {
    switch target {
    case .step(let id): "[\(id)](#\(id))"
    case .end: "**end** (succeeded)"
    case .abort: "**abort** (failed)"
    }
  }

  private static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
