/// One try of a runbook step, or one command the operator ran outside the runbook, with
/// the events that tell its story and the output it printed.
struct ReportStepAttempt: Sendable {
  enum Kind: Sendable, Hashable {
    case step(String)
    /// A command run by hand (`exec` in the REPL) on a node.
    case adHoc(node: String)
  }

  var kind: Kind
  /// `step.start` or `exec.start`; absent for questions, which only end.
  var start: ReportEvent?
  /// `step.end` or `exec.end`; absent when the session was cut off or the step cancelled.
  var end: ReportEvent?
  /// The operator's answer, for a question step.
  var answer: ReportEvent?
  /// Each node's stdout and stderr, in the order they first printed.
  var outputs: [ReportOutputExcerpt] = []

  init(kind: Kind) {
    self.kind = kind
  }

  var stepID: String? {
    if case .step(let id) = kind { return id }
    return nil
  }

  var firstEvent: ReportEvent? { start ?? answer ?? end }

  /// Runs as planned (`step.start`) completed with how they ended (`step.end`), by position.
  var runs: [JSONValue] {
    let planned = start?["runs"]?.arrayValue ?? []
    let ended = end?["runs"]?.arrayValue ?? []
    if case .adHoc = kind { return [end?.value ?? start?.value].compactMap { $0 } }
    return ended.count >= planned.count ? ended : ended + planned.dropFirst(ended.count)
  }

  mutating func appendOutput(node: String, stream: String, bytes: [UInt8], sequence: Int) {
    if let index = outputs.firstIndex(where: { $0.node == node && $0.stream == stream }) {
      outputs[index].append(bytes, sequence: sequence)
    } else {
      var excerpt = ReportOutputExcerpt(node: node, stream: stream, sequence: sequence)
      excerpt.append(bytes, sequence: sequence)
      outputs.append(excerpt)
    }
  }
}
