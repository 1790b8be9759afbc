extension ReportLayout {
  /// The incident's own timeline, from the cluster's journals as the evidence steps read
  /// them: membership, links, quorum and HA, each row linked to its transcript line.
  var incidentTimelineSection: [ReportBlock] {
    var blocks: [ReportBlock] = [.heading(level: 2, text: "Incident timeline", anchor: "incident-timeline")]
    guard let incident, !incident.evidence.events.isEmpty else {
      blocks.append(
        .paragraph([
          .text("No journal evidence of the incident was recorded: no step marked "), .code("evidence: journal"),
          .text(" printed corosync or HA lines (docs/transcripts.md, \"Evidence\")."),
        ]))
      return blocks
    }
    blocks.append(
      .paragraph([
        .text(
          "What the cluster logged, from the journals the evidence steps read (times UTC, on \(day) unless a date is given). "
            + "Each row links to the transcript line that holds the journal line."
        )
      ]))
    let rows: [[[ReportInline]]] = incident.evidence.events.map { event in
      [
        [.text(time(epochMilliseconds: event.epochMilliseconds))], [.text(text(event.host))],
        [.text(describe(event.signal))], [link(sequence: event.sequence)],
      ]
    }
    blocks.append(.table(header: ["Time (UTC)", "Seen on", "Event", "Evidence"], rows: rows))
    blocks.append(
      .folded(
        summary: "The journal lines (\(ReportFormat.counted(rows.count, "line")))",
        [.code(incident.evidence.events.map { text($0.line) }.joined(separator: "\n"), language: "text")]))
    return blocks
  }
}
