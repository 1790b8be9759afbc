/// Lays a transcript out as a post-incident record, in the order of a postmortem: what
/// happened in brief, the parts only people can write, the findings, the timeline, the
/// detail of every step, and how to check the record itself.
///
/// Sections that the record cannot fill (root cause, lessons) are visible prompts for the
/// incident owner: the report states facts and invents no prose. Impact is drafted from the
/// evidence steps' output when there is some, every figure linked to its line, and marked as
/// a draft; action items are the runbook's recommendations for the findings recorded.
struct ReportLayout: Sendable {
  var record: ReportRecord
  var runbooks: [ReportRunbook]
  /// The incident as its evidence shows it; nil when no step marked as evidence printed any.
  var incident: IncidentAnalysis?

  init(record: ReportRecord, runbooks: [ReportRunbook]) {
    self.record = record
    self.runbooks = runbooks
    let reference = record.sessionStart?.epochMilliseconds ?? record.lastEvent?.epochMilliseconds ?? 0
    let evidence = IncidentEvidence(record.evidence, referenceEpochMilliseconds: reference)
    incident =
      evidence.isEmpty
      ? nil : IncidentAnalysis(evidence: evidence, lostNode: record.sessionStart?["params"]?["node"]?.stringValue)
  }

  /// The evidence kinds of every marked step of the runbooks the caller found.
  static func evidenceSteps(of runbooks: [ReportRunbook]) -> [String: [EvidenceKind]] {
    var steps: [String: [EvidenceKind]] = [:]
    for case .loaded(let runbook, _) in runbooks {
      for step in runbook.steps + runbook.finally {
        guard let evidence = step.evidence else { continue }
        steps[step.id, default: []] += evidence.kinds.filter { !(steps[step.id] ?? []).contains($0) }
      }
    }
    return steps
  }

  var blocks: [ReportBlock] {
    var blocks: [ReportBlock] = [.heading(level: 1, text: title, anchor: nil), integrityNotice, sealNotice]
    blocks += summarySection
    if incident != nil {
      blocks += impactSection
    } else {
      blocks += ownerSection(
        "Impact", anchor: "impact",
        prompt: "what was unavailable or degraded, for how long, and for whom (guests, services, users).")
    }
    blocks += ownerSection(
      "Root cause", anchor: "root-cause",
      prompt: "why it happened and what triggered it. The findings, timeline and notes below are the evidence.")
    blocks += findingsSection
    blocks += resilienceScoreSection
    blocks += incidentTimelineSection
    blocks += timelineSection
    blocks += stepsSection
    blocks += notesSection
    blocks += confirmationsAndAnswersSection
    blocks += connectionsSection
    blocks += flowchartSection
    blocks += actionItemsSection
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

  func ownerSection(_ heading: String, anchor: String, prompt: String) -> [ReportBlock] {
    [.heading(level: 2, text: heading, anchor: anchor), .placeholder("To be written by the incident owner: \(prompt)")]
  }
}
