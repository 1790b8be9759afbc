/// A Mermaid flowchart of a runbook's branches, optionally with the path a session took
/// highlighted, for procedures and post-incident reports.
public enum Flowchart {
  public static func mermaid(_ runbook: Runbook, highlighting path: [String] = []) -> String {
    var lines = ["flowchart TD"]
    let steps = runbook.steps
    lines.append("  start([start]) --> \(node(steps.first?.id ?? "end"))")
    for step in steps {
      let label = escape(step.title ?? step.id)
      lines.append(step.isQuestion ? "  \(node(step.id)){\"\(label)\"}" : "  \(node(step.id))[\"\(label)\"]")
    }
    lines.append("  step_end([end: succeeded])")
    lines.append("  step_abort([abort: failed])")
    for (index, step) in steps.enumerated() {
      for (label, target) in edges(of: step, following: index + 1 < steps.count ? steps[index + 1].id : nil) {
        let arrow = label.isEmpty ? " --> " : " -->|\(escape(label))| "
        lines.append("  \(node(step.id))\(arrow)\(node(target.description))")
      }
    }
    if !runbook.finally.isEmpty {
      let names = runbook.finally.map { $0.title ?? $0.id }.joined(separator: "; ")
      lines.append("  finally[[\"always: \(escape(names))\"]]")
    }
    let visited = Set(path)
    if !visited.isEmpty {
      lines.append("  classDef taken fill:#d4edda,stroke:#28a745,stroke-width:2px")
      let taken = steps.map(\.id).filter(visited.contains).map(node)
      if !taken.isEmpty { lines.append("  class \(taken.joined(separator: ",")) taken") }
    }
    return lines.joined(separator: "\n")
  }

  /// Each way out of a step with its label, in the order the engine considers them.
  static func edges(of step: Step, following: String?) -> [(String, FlowTarget)] {
    if case .ask(_, let choices) = step.action { return choices.map { ($0.answer, $0.next.target) } }
    var edges: [(String, FlowTarget)] = step.cases.enumerated().map {
      ("case \($0.offset + 1)", $0.element.next.target)
    }
    edges.append(("ok", step.next?.target ?? following.map(FlowTarget.step) ?? .end))
    edges.append(("failed", step.onFailure?.target ?? .abort))
    return edges
  }

  private static func node(_ id: String) -> String {
    "step_" + id.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
  }

  private static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "|", with: "#124;")
  }
}
