/// The lines of `show`: every step of a runbook with its mark, its node and its title.
public enum StepOverview {
  public struct Row: Sendable, Hashable {
    /// `✓` done, `✗` failed, `↷` skipped, `▶` current, a space for a step not reached.
    public var symbol: String
    public var isCurrent: Bool
    public var mark: StepMarks.Mark?
    /// Id, node and title in aligned columns.
    public var text: String
  }

  public struct Section: Sendable, Hashable {
    /// nil for the main steps, `finally` for the clean-up steps.
    public var heading: String?
    public var rows: [Row]
  }

  public static func sections(of runbook: Runbook, marks: StepMarks, current: String?) -> [Section] {
    let all = runbook.steps + runbook.finally
    let idWidth = all.map(\.id.count).max() ?? 0
    let targetWidth = all.map { target(of: $0).count }.max() ?? 0
    func row(_ step: Step) -> Row {
      let mark = marks[step.id]
      let isCurrent = step.id == current
      let id = step.id + String(repeating: " ", count: idWidth - step.id.count)
      let place = target(of: step)
      let padded = place + String(repeating: " ", count: targetWidth - place.count)
      let title = step.title.map { "  " + $0 } ?? ""
      var text = "\(id)  \(padded)\(title)"
      while text.last == " " { text.removeLast() }
      return Row(symbol: isCurrent ? "▶" : symbol(for: mark), isCurrent: isCurrent, mark: mark, text: text)
    }
    var sections = [Section(heading: nil, rows: runbook.steps.map(row))]
    if !runbook.finally.isEmpty { sections.append(Section(heading: "finally", rows: runbook.finally.map(row))) }
    return sections
  }

  /// Where a step runs, as the runbook writes it; `ask` for a question.
  public static func target(of step: Step) -> String {
    if step.isQuestion { return "ask" }
    switch step.target {
    case .local, nil: return "local"
    case .allNodes: return "all"
    case .nodes(let templates): return templates.map(\.source).joined(separator: ",")
    }
  }

  private static func symbol(for mark: StepMarks.Mark?) -> String {
    switch mark {
    case .done: "✓"
    case .failed: "✗"
    case .skipped: "↷"
    case nil: " "
    }
  }
}
