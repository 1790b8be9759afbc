extension ReportLayout {
  /// Every event but output chunks and step starts, in order: the postmortem timeline
  /// (`Time (UTC) | Event | Data link`), with the step, node, result and decision apart.
  var timelineSection: [ReportBlock] {
    let anchors = StepAnchors(layout: self)
    let rows: [[[ReportInline]]] = record.events.compactMap { event in
      guard let (step, node, result, decision) = describe(event) else { return nil }
      let stepCell: [ReportInline] =
        step.map { id in
          anchors.anchor(for: event, step: id).map { [.link(text(id), to: "#" + $0)] } ?? [.code(text(id))]
        }
        ?? [.text("—")]
      return [[.text(time(event))], stepCell, [.text(node)], result, [.text(decision)], [link(event)]]
    }
    return [
      .heading(level: 2, text: "Timeline", anchor: "timeline"),
      .paragraph([
        .text(
          "Times are UTC, on \(day) unless a date is given. Each row links to its line in the transcript; step names link to the step's detail below."
        )
      ]),
      .picture(timelinePicture),
      .table(header: ["Time (UTC)", "Step", "Node", "Result", "Decision", "Data link"], rows: rows),
    ]
  }

  /// Where in the report the detail of the step an event is about is.
  private struct StepAnchors {
    /// The events of each attempt, by sequence.
    var own: [Int: String] = [:]
    /// Each step's attempts: the sequence of the first event and the anchor.
    var attempts: [String: [(sequence: Int, anchor: String)]] = [:]

    init(layout: ReportLayout) {
      for (index, attempt) in layout.record.attempts.enumerated() {
        let anchor = layout.anchor(ofAttempt: index)
        for event in [attempt.start, attempt.answer, attempt.end].compactMap({ $0 }) { own[event.sequence] = anchor }
        if let id = attempt.stepID, let first = attempt.firstEvent {
          attempts[id, default: []].append((first.sequence, anchor))
        }
      }
    }

    /// The event's own attempt; for a finding or a confirmation, the attempt of its step
    /// nearest to it (the one it follows or precedes).
    func anchor(for event: ReportEvent, step: String) -> String? {
      own[event.sequence]
        ?? attempts[step]?.min { abs($0.sequence - event.sequence) < abs($1.sequence - event.sequence) }?.anchor
    }
  }

  /// Step, node, result and decision of one timeline row; nil for events the timeline leaves
  /// to the step detail (output chunks, step and command starts).
  private func describe(_ event: ReportEvent) -> (String?, String, [ReportInline], String)? {
    let step = event.string("step")
    let node = text(event.string("node") ?? "—")
    switch event.type {
    case "session.start":
      var result = "Session started by \(text(event.string("operator")))"
      if let runbook = event.string("runbook") { result += " with runbook '\(text(runbook))'" }
      return (nil, node, [.text(result)], "")
    case "runbook.load":
      return (nil, node, [.text("Runbook '\(text(event.string("runbook")))' loaded")], "")
    case "session.resume":
      return (
        step, node,
        [
          .text("Session resumed, after \(ReportFormat.counted(Int(event["previous_events"]?.intValue ?? 0), "event"))")
        ],
        ""
      )
    case "step.end":
      return (step, runNodes(event), stepResult(event), stepDecision(event))
    case "answer":
      return (
        step, node, [.text("Answered '\(text(event.string("choice")))' to: \(text(event.string("question")))")], ""
      )
    case "confirm":
      let by = event.string("by").map { " by \(text($0))" } ?? ""
      let typed = event.string("typed_node").map { " (typed node name \(text($0)))" } ?? ""
      return (
        step, text(event.string("typed_node") ?? "—"),
        [.text("\(text(event.string("answer")).capitalizedFirst)\(by)\(typed): \(text(event.string("prompt")))")], ""
      )
    case "note":
      return (nil, node, [.text("Note: " + text(event.string("text")))], "")
    case "flow":
      return (step, node, [.text("Flow \(text(event.string("action"))): \(text(event.string("detail")))")], "")
    case "exec.end":
      return (
        nil, node,
        [.text("Ad-hoc command "), .code(firstLine(event.string("command"))), .text(": " + outcomeText(event.value))],
        ""
      )
    case "connection":
      var result = "Connection \(text(event.string("event")))"
      if let detail = event.string("detail") { result += ": " + text(detail) }
      return (nil, node, [.text(result)], "")
    case "finding":
      return (step, node, [.text("Finding (\(text(event.string("severity")))): \(text(event.string("text")))")], "")
    case "session.end":
      let outcome = text(event.string("outcome"))
      var result = "Session ended: \(outcome)"
      if let exit = event["exit_code"]?.intValue { result += " (exit \(exit))" }
      let reason = text(event.string("reason"))
      return (nil, node, [.text(result)], reason == outcome ? "" : reason)
    default:
      return nil
    }
  }

  private func runNodes(_ event: ReportEvent) -> String {
    let nodes = (event["runs"]?.arrayValue ?? []).compactMap { $0["node"]?.stringValue }
    return nodes.isEmpty ? "—" : text(nodes.joined(separator: ", "))
  }

  /// `ok (exit 0, 0.42s)`, or per node for a fan-out: `failed: pve1 exit 0; pve3 exit 1`.
  private func stepResult(_ event: ReportEvent) -> [ReportInline] {
    let runs = event["runs"]?.arrayValue ?? []
    let result = text(event.string("result"))
    let word: ReportInline = result == "failed" ? .strong(result) : .text(result)
    if runs.count == 1 { return [word, .text(" (" + outcomeText(runs[0]) + ")")] }
    let parts = runs.map { run in
      "\(text(run["node"]?.stringValue)) " + outcomeText(run)
    }
    return parts.isEmpty ? [word] : [word, .text(": " + parts.joined(separator: "; "))]
  }

  private func stepDecision(_ event: ReportEvent) -> String {
    let next = text(event.string("next"))
    let reason = text(event.string("reason"))
    return reason.isEmpty ? "→ \(next)" : "→ \(next): \(reason)"
  }

  /// `exit 0 in 0.42s`, `killed by SIGKILL after 3.0s`, `failed: timeout after 30s (30.0s)`.
  func outcomeText(_ run: JSONValue) -> String {
    let duration = run["duration_ms"]?.intValue.map { ReportFormat.duration(milliseconds: $0) }
    if let exit = run["exit"]?.intValue {
      return "exit \(exit)" + (duration.map { " in \($0)" } ?? "")
    }
    if let signal = run["signal"]?.stringValue {
      return "killed by SIG\(text(signal))" + (duration.map { " after \($0)" } ?? "")
    }
    if let failure = run["failure"]?.stringValue {
      return "failed: \(text(failure))" + (duration.map { " (\($0))" } ?? "")
    }
    return "no result recorded"
  }

  /// The first line of a command, marked when there is more.
  func firstLine(_ command: String?) -> String {
    let lines = text(command).split(separator: "\n", omittingEmptySubsequences: false)
    return lines.count > 1 ? lines[0] + " …" : String(lines.first ?? "")
  }
}

extension String {
  fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
