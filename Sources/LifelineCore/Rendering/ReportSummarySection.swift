extension ReportLayout {
  var summarySection: [ReportBlock] {
    let start = record.sessionStart
    var facts: [ReportFact] = []
    for segment in record.segments {
      facts.append(ReportFact("Runbook", runbookDescription(segment.runbook)))
    }
    if let start {
      var cluster: [ReportInline] = [.text(text(start.string("cluster")))]
      if let inventory = start.string("inventory") {
        cluster += [.text(" (inventory "), .code(text(inventory)), .text(")")]
      }
      facts.append(ReportFact("Cluster", cluster))
      facts.append(ReportFact("Node", [.text(text(start["params"]?["node"]?.stringValue ?? "—"))]))
      let host = start.string("host").map { "@" + $0 } ?? ""
      facts.append(ReportFact("Operator", [.text(text((start.string("operator") ?? "?") + host))]))
      let parameters = start["params"]?.objectValue ?? []
      if !parameters.isEmpty {
        facts.append(ReportFact("Parameters", parameterList(parameters)))
      }
      facts.append(
        ReportFact("Tool", [.text(text(start.string("tool"))), .text(" · mode "), .text(text(start.string("mode")))]))
      facts.append(ReportFact("Start", [.text(ReportFormat.dateTime(start.timestamp))]))
    }
    facts += endFacts
    facts += stepFacts
    facts.append(ReportFact("Findings", [.text(findingCounts)]))
    return [.heading(level: 2, text: "Summary", anchor: "summary"), .facts(facts)]
  }

  private func runbookDescription(_ recorded: RecordedRunbook) -> [ReportInline] {
    var inline: [ReportInline] = [.code(text(recorded.name))]
    if let runbook = loadedRunbook(recorded) { inline.append(.text(" — " + text(runbook.title))) }
    inline += [.text(" · file "), .code(text(recorded.file)), .text(" · SHA-256 "), .code(recorded.sha256)]
    return inline
  }

  private func parameterList(_ parameters: [(String, JSONValue)]) -> [ReportInline] {
    var inline: [ReportInline] = []
    for (index, (name, value)) in parameters.enumerated() {
      if index > 0 { inline.append(.text(", ")) }
      inline.append(.code(text(name) + "=" + text(value.stringValue ?? value.serialized())))
    }
    return inline
  }

  private var endFacts: [ReportFact] {
    guard let start = record.sessionStart else { return [] }
    var facts: [ReportFact] = []
    let resumes = record.events(ofType: "session.resume")
    if !resumes.isEmpty {
      var inline: [ReportInline] = [.text(ReportFormat.counted(resumes.count, "time") + ": ")]
      for (index, resume) in resumes.enumerated() {
        if index > 0 { inline.append(.text("; ")) }
        inline += [.text("at \(time(resume)) at step "), .code(text(resume.string("step") ?? "end")), .text(" (")]
        inline += [link(resume), .text(")")]
      }
      facts.append(ReportFact("Resumed", inline))
    }
    guard let end = record.sessionEnd else {
      facts.append(ReportFact("End", [.text("not recorded")]))
      if let last = record.lastEvent, let from = start.epochMilliseconds, let to = last.epochMilliseconds {
        facts.append(
          ReportFact(
            "Duration",
            [.text(ReportFormat.duration(milliseconds: to - from) + " until the last recorded event ("), link(last)]
              + [.text(")")]))
      }
      facts.append(
        ReportFact(
          "Outcome",
          [
            .strong("unknown"),
            .text(
              ": the record has no session.end. The session was cut off (killed, crashed, power lost) or is still running."
            ),
          ]))
      return facts
    }
    facts.append(ReportFact("End", [.text(ReportFormat.dateTime(end.timestamp))]))
    if let from = start.epochMilliseconds, let to = end.epochMilliseconds {
      facts.append(ReportFact("Duration", [.text(ReportFormat.duration(milliseconds: to - from))]))
    }
    var outcome: [ReportInline] = [.strong(text(end.string("outcome")))]
    if let exit = end["exit_code"]?.intValue { outcome.append(.text(" (exit \(exit))")) }
    if let reason = end.string("reason"), reason != end.string("outcome") { outcome.append(.text(": " + text(reason))) }
    facts.append(ReportFact("Outcome", outcome))
    return facts
  }

  private var stepFacts: [ReportFact] {
    let steps = record.attempts.filter { $0.stepID != nil }
    let ended = steps.compactMap(\.end)
    let retried = ended.filter { $0.string("next")?.hasPrefix("retry in ") == true }
    let completed = ended.filter { $0.string("next")?.hasPrefix("retry in ") != true }
    let failed = completed.filter { $0.string("result") == "failed" }
    let unfinished = steps.filter { $0.end == nil }
    var parts =
      steps.isEmpty
      ? ["no runbook step ran"]
      : [ReportFormat.counted(completed.count, "step") + " completed (\(failed.count) failed)"]
    if !retried.isEmpty { parts.append(ReportFormat.counted(retried.count, "retry")) }
    if !unfinished.isEmpty { parts.append("\(unfinished.count) did not finish") }
    let commands = record.attempts.count - steps.count
    if commands > 0 { parts.append(ReportFormat.counted(commands, "ad-hoc command")) }
    var facts = [ReportFact("Steps", [.text(parts.joined(separator: ", "))])]
    if let first = ended.first(where: { $0.string("result") == "failed" }) {
      facts.append(
        ReportFact(
          "First failure",
          [.code(text(first.string("step"))), .text(" at \(time(first)) ("), link(first)]
            + [.text("): " + text(first.string("reason")))]))
    }
    return facts
  }

  private var findingCounts: String {
    let findings = record.events(ofType: "finding")
    guard !findings.isEmpty else { return "none" }
    let severities = Severity.allCases.map(\.rawValue)
    var parts = severities.compactMap { severity in
      let count = findings.filter { $0.string("severity") == severity }.count
      return count > 0 ? "\(count) \(severity)" : nil
    }
    let other = findings.filter { !severities.contains($0.string("severity") ?? "") }.count
    if other > 0 { parts.append("\(other) of unknown severity") }
    return parts.joined(separator: ", ")
  }
}
