extension ReportLayout {
  /// Every step attempt and ad-hoc command in record order: where it ran, the command as
  /// sent, its output, what was checked, and where the runbook went.
  var stepsSection: [ReportBlock] {
    var blocks: [ReportBlock] = [.heading(level: 2, text: "Steps and commands", anchor: "steps")]
    guard !record.attempts.isEmpty else {
      blocks.append(.paragraph([.text("No step ran and no command was run.")]))
      return blocks
    }
    blocks.append(
      .paragraph([
        .text(
          "Output is shown as recorded, with control characters as text (^[ is ESC, as a terminal echoes it). Long output is folded, and very long output shows its first and last lines; the whole of it is in the transcript."
        )
      ]))
    for (index, attempt) in record.attempts.enumerated() {
      blocks += describe(attempt, number: index + 1)
    }
    return blocks
  }

  private func describe(_ attempt: ReportStepAttempt, number: Int) -> [ReportBlock] {
    var blocks: [ReportBlock] = [
      .heading(level: 3, text: "\(number). " + heading(attempt), anchor: anchor(ofAttempt: number - 1)),
      .paragraph(overview(attempt)),
    ]
    if let answer = attempt.answer {
      blocks.append(.paragraph([.strong("Question:"), .text(" " + text(answer.string("question")))]))
      blocks.append(
        .paragraph([.strong("Answer:"), .text(" " + text(answer.string("choice")) + " ("), link(answer), .text(")")]))
    }
    var shownNodes: Set<String> = []
    for run in attempt.runs {
      let node = run["node"]?.stringValue ?? "?"
      shownNodes.insert(node)
      var line: [ReportInline] = [.strong(text(node))]
      if attempt.end != nil { line.append(.text(": " + outcomeText(run))) }
      blocks.append(.paragraph(line))
      if let command = run["command"]?.stringValue { blocks.append(.code(text(command), language: "sh")) }
      for output in attempt.outputs where output.node == node { blocks += describe(output) }
    }
    for output in attempt.outputs where !shownNodes.contains(output.node) { blocks += describe(output) }
    if let end = attempt.end, case .step = attempt.kind { blocks += conclusion(end) }
    return blocks
  }

  private func heading(_ attempt: ReportStepAttempt) -> String {
    switch attempt.kind {
    case .adHoc(let node):
      return "Ad-hoc command on \(text(node))"
    case .step(let id):
      let title = attempt.start?.string("title") ?? stepTitle(id)
      var heading = text(id) + (title.map { ": " + text($0) } ?? "")
      let number = (attempt.start ?? attempt.end)?["attempt"]?.intValue ?? 1
      if number > 1 { heading += " (attempt \(number))" }
      return heading
    }
  }

  /// A step's title from the runbooks found, for questions, whose record has none.
  private func stepTitle(_ id: String) -> String? {
    for segment in record.segments {
      if let title = loadedRunbook(segment.runbook)?.step(id)?.title { return title }
    }
    return nil
  }

  private func overview(_ attempt: ReportStepAttempt) -> [ReportInline] {
    var inline: [ReportInline] = []
    if let start = attempt.start {
      inline.append(.text("Started \(time(start))"))
      if let timeout = start["timeout_ms"]?.intValue {
        inline.append(.text(" · timeout " + DurationText.format(.milliseconds(timeout))))
      }
    }
    if let end = attempt.end {
      inline.append(.text(inline.isEmpty ? "Ended \(time(end))" : " · ended \(time(end))"))
      if let result = end.string("result") {
        inline += [.text(" · "), result == "failed" ? .strong(text(result)) : .text(text(result))]
      }
    } else {
      if !inline.isEmpty { inline.append(.text(" · ")) }
      inline += [
        .strong("did not finish"), .text(": the record has no end for it (cancelled, or the session was cut off)"),
      ]
    }
    if let first = attempt.firstEvent {
      inline += [.text(" · "), link(first)]
      if let end = attempt.end, end.sequence != first.sequence { inline += [.text(" to "), link(end)] }
    }
    return inline
  }

  private func describe(_ output: ReportOutputExcerpt) -> [ReportBlock] {
    let name = "\(text(output.node)) \(output.stream)"
    let span =
      "seq \(output.firstSequence)" + (output.lastSequence > output.firstSequence ? "–\(output.lastSequence)" : "")
    let size = "\(ReportFormat.counted(output.lineCount, "line")), \(ReportFormat.size(output.totalBytes))"
    switch output.shown {
    case .empty:
      return []
    case .binary:
      return [
        .paragraph([
          .text("\(name): "),
          .emphasis("\(ReportFormat.count(output.totalBytes)) bytes of binary output (base64 in the record)"),
          .text(", \(span)."),
        ])
      ]
    case .whole(let whole):
      let block = ReportBlock.code(ReportSafeText.display(whole), language: "text")
      if output.isFolded { return [.folded(summary: "\(name): \(size)", [block])] }
      return [.paragraph([.text("\(name):")]), block]
    case .excerpt(let head, let omittedLines, let omittedBytes, let tail):
      return [
        .folded(
          summary: "\(name): \(size)",
          [
            .code(ReportSafeText.display(head), language: "text"),
            .paragraph([
              .emphasis(
                "… \(ReportFormat.counted(omittedLines, "line")) (\(ReportFormat.size(omittedBytes))) not shown; the whole output is in the transcript, \(span) …"
              )
            ]),
            .code(ReportSafeText.display(tail), language: "text"),
          ])
      ]
    }
  }

  /// What was checked, what was captured, and where the runbook went.
  private func conclusion(_ end: ReportEvent) -> [ReportBlock] {
    var blocks: [ReportBlock] = []
    let checks: [[ReportInline]] = (end["checks"]?.arrayValue ?? []).map { check in
      var line: [ReportInline] = [.code(text(check["check"]?.stringValue))]
      if let node = check["node"]?.stringValue { line.append(.text(" on \(text(node)): ")) }
      line.append(check["held"]?.boolValue == true ? .text("held") : .strong("did not hold"))
      if let observed = check["observed"]?.stringValue { line.append(.text(" (\(text(observed)))")) }
      return line
    }
    if !checks.isEmpty {
      blocks.append(.paragraph([.strong("Checks:")]))
      blocks.append(.bulletList(checks))
    }
    let captures = end["captures"]?.objectValue ?? []
    if !captures.isEmpty {
      var line: [ReportInline] = [.strong("Captured:"), .text(" ")]
      for (index, (name, value)) in captures.enumerated() {
        if index > 0 { line.append(.text(", ")) }
        line.append(.code(text(name) + " = " + text(value.stringValue ?? value.serialized())))
      }
      blocks.append(.paragraph(line))
    }
    var decision: [ReportInline] = [.strong("Decision:"), .text(" → "), .code(text(end.string("next")))]
    if let reason = end.string("reason"), !reason.isEmpty { decision.append(.text(": " + text(reason))) }
    blocks.append(.paragraph(decision))
    return blocks
  }
}
