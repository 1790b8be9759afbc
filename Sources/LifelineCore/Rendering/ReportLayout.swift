/// Lays a transcript out as a post-incident record, in the order of a postmortem: what
/// happened in brief, the parts only people can write, the findings, the timeline, the
/// detail of every step, and how to check the record itself.
///
/// Sections that the record cannot fill (impact, root cause, action items, lessons) are
/// visible prompts for the incident owner: the report states facts and invents no prose.
struct ReportLayout: Sendable {
  var record: ReportRecord
  var runbooks: [ReportRunbook]

  var blocks: [ReportBlock] {
    var blocks: [ReportBlock] = [.heading(level: 1, text: title, anchor: nil), integrityNotice]
    blocks += summarySection
    blocks += ownerSection(
      "Impact", anchor: "impact",
      prompt: "what was unavailable or degraded, for how long, and for whom (guests, services, users).")
    blocks += ownerSection(
      "Root cause", anchor: "root-cause",
      prompt: "why it happened and what triggered it. The findings, timeline and notes below are the evidence.")
    blocks += findingsSection
    blocks += resilienceScoreSection
    blocks += timelineSection
    blocks += stepsSection
    blocks += notesSection
    blocks += confirmationsAndAnswersSection
    blocks += connectionsSection
    blocks += flowchartSection
    blocks += ownerSection(
      "Action items", anchor: "action-items", prompt: "each follow-up with its owner, ticket and due date.")
    blocks += ownerSection(
      "Lessons learned", anchor: "lessons-learned",
      prompt: "what went well, what went wrong, and where we got lucky.")
    blocks += integritySection
    return blocks
  }

  /// "Post-incident record: Recover a node that left the cluster on pve2".
  var title: String {
    let runbook = record.segments.first.map { segment in runbookTitle(segment.runbook) } ?? "session"
    let subject =
      record.sessionStart?["params"]?["node"]?.stringValue ?? record.sessionStart?.string("cluster")
      ?? "an unknown cluster"
    return "Post-incident record: \(ReportSafeText.display(runbook)) on \(ReportSafeText.display(subject))"
  }

  /// The runbook's title when its file was found, else its name.
  func runbookTitle(_ recorded: RecordedRunbook) -> String {
    loadedRunbook(recorded)?.title ?? recorded.name
  }

  /// The runbook the caller loaded for a recorded one, matched by the file's SHA-256.
  func loadedRunbook(_ recorded: RecordedRunbook) -> Runbook? {
    for case .loaded(let runbook, let sha256) in runbooks where sha256 == recorded.sha256 { return runbook }
    return nil
  }

  /// The date the session started on; times on other days carry their date.
  var day: String { ReportFormat.day(record.sessionStart?.timestamp ?? record.lastEvent?.timestamp ?? "") }

  func time(_ event: ReportEvent) -> String { ReportFormat.time(event.timestamp, day: day) }

  /// A link to an event's line in the transcript: `seq 12`.
  func link(_ event: ReportEvent) -> ReportInline {
    .link("seq \(event.sequence)", to: "./\(record.fileName)#seq=\(event.sequence)")
  }

  /// Where the detail of an attempt is, within the report.
  func anchor(ofAttempt index: Int) -> String { "step-\(index + 1)" }

  /// Record text, made safe to show.
  func text(_ value: String?) -> String { ReportSafeText.display(value ?? "") }

  private func ownerSection(_ heading: String, anchor: String, prompt: String) -> [ReportBlock] {
    [.heading(level: 2, text: heading, anchor: anchor), .placeholder("To be written by the incident owner: \(prompt)")]
  }
}
