extension ReportLayout {
  /// The impact, drafted from the evidence and marked as a draft: the node's outage window,
  /// the quorum margin, each HA service's downtime, the guests left on the lost node, the time
  /// to detect and to recover. Every figure links to the lines it comes from; what Lifeline
  /// cannot know is left blank and says so.
  var impactSection: [ReportBlock] {
    guard let incident else { return [] }
    var blocks: [ReportBlock] = [
      .heading(level: 2, text: "Impact (draft)", anchor: "impact"),
      .notice(
        .warning,
        [
          .strong("Draft."),
          .text(
            " Lifeline wrote this section from the evidence its steps collected. The incident owner checks every figure against its linked line, corrects it, and removes this note."
          ),
        ]),
    ]
    let node = text(incident.lostNode ?? "the node")
    var facts = [ReportFact("Outage window", outageWindow(incident, node: node))]
    facts.append(ReportFact("Quorum margin", quorumMargin(incident)))
    facts.append(ReportFact("Time to detect", timeToDetect(incident)))
    facts.append(ReportFact("Time to recover", timeToRecover(incident, node: node)))
    blocks.append(.facts(facts))
    blocks += haServices(incident)
    blocks += strandedGuests(incident, node: node)
    blocks.append(.heading(level: 3, text: "What Lifeline cannot know", anchor: nil))
    blocks.append(
      .placeholder(
        "Left blank for the incident owner: who was affected (users, customers, dependent systems), what they could not do, whether data was lost, and the cost or SLA consequence. None of it is in the cluster's logs."
      ))
    return blocks
  }

  private func outageWindow(_ incident: IncidentAnalysis, node: String) -> [ReportInline] {
    guard let left = incident.left else {
      return [.text("the evidence shows no node leaving the corosync membership")]
    }
    var inline: [ReportInline] = [
      .text("\(node) out of the membership from \(time(epochMilliseconds: left.epochMilliseconds)) ("),
      link(sequence: left.sequence), .text(")"),
    ]
    guard let back = incident.back, let outage = incident.outageMilliseconds else {
      return inline + [.text("; the evidence shows no return to the membership")]
    }
    inline += [
      .text(" to \(time(epochMilliseconds: back.epochMilliseconds)) ("), link(sequence: back.sequence),
      .text("): "), .strong(ReportFormat.duration(milliseconds: outage)),
    ]
    return inline
  }

  private func quorumMargin(_ incident: IncidentAnalysis) -> [ReportInline] {
    var inline: [ReportInline] = []
    if let votes = incident.votes {
      let spare = votes.total - votes.quorum
      let verdict =
        spare < 0
        ? "below the quorum: the cluster was not quorate"
        : spare == 0
          ? "no vote to spare: one more failure would have stopped the cluster"
          : "\(ReportFormat.counted(spare, "vote")) to spare"
      inline += [
        .text(
          "\(votes.total) of \(votes.expected) expected votes, quorum \(votes.quorum), on \(text(votes.node)) ("),
        link(sequence: votes.sequence), .text("): " + verdict),
      ]
    } else {
      inline.append(.text("no pvecm status output was read as evidence"))
    }
    for change in incident.quorumChanges {
      inline += [
        .text(
          "; \(text(change.host)): \(describe(change.signal)) at \(time(epochMilliseconds: change.epochMilliseconds)) ("
        )
      ]
      inline += [link(sequence: change.sequence), .text(")")]
    }
    return inline
  }

  private func timeToDetect(_ incident: IncidentAnalysis) -> [ReportInline] {
    guard let left = incident.left, let start = record.sessionStart, let started = start.epochMilliseconds else {
      return [.text("unknown: the evidence shows no node leaving")]
    }
    let elapsed = started - left.epochMilliseconds
    guard elapsed >= 0 else {
      return [.text("the session started before the node left (a drill, or a session already open)")]
    }
    return [
      .strong(ReportFormat.duration(milliseconds: elapsed)), .text(" from the node leaving ("),
      link(sequence: left.sequence), .text(") to this session starting ("), link(start), .text(")"),
    ]
  }

  private func timeToRecover(_ incident: IncidentAnalysis, node: String) -> [ReportInline] {
    guard let left = incident.left else { return [.text("unknown: the evidence shows no node leaving")] }
    guard let back = incident.back, let outage = incident.outageMilliseconds else {
      return [.text("not recovered in the evidence: no membership with \(node) back after it left")]
    }
    return [
      .strong(ReportFormat.duration(milliseconds: outage)), .text(" from the node leaving ("),
      link(sequence: left.sequence), .text(") to the membership with it back ("), link(sequence: back.sequence),
      .text(")"),
    ]
  }

  private func haServices(_ incident: IncidentAnalysis) -> [ReportBlock] {
    var blocks: [ReportBlock] = [.heading(level: 3, text: "HA services", anchor: "impact-ha")]
    guard !incident.services.isEmpty else {
      blocks.append(.paragraph([.text("The evidence shows no HA service fenced.")]))
      return blocks + haMoves(incident)
    }
    let rows: [[[ReportInline]]] = incident.services.map { service in
      func moment(_ event: IncidentEvidence.Event?) -> [ReportInline] {
        guard let event else { return [.text("—")] }
        return [.text(time(epochMilliseconds: event.epochMilliseconds) + " "), link(sequence: event.sequence)]
      }
      let down: [ReportInline] =
        service.downtimeMilliseconds.map { [.strong(ReportFormat.duration(milliseconds: $0))] }
        ?? [.text("still down at the end of the evidence")]
      return [
        [.code(text(service.service))], moment(service.fenced), moment(service.recovery), moment(service.started),
        [.text(text(service.startedOn ?? "—"))], down,
      ]
    }
    blocks.append(
      .paragraph([.text("Each HA service's downtime runs from its fence to its start on another node.")]))
    blocks.append(
      .table(header: ["Service", "Fenced", "Recovery", "Started", "On", "Down (fence → started)"], rows: rows))
    return blocks + haMoves(incident)
  }

  /// Planned moves (a drill's maintenance mode, migrations): how long each took.
  private func haMoves(_ incident: IncidentAnalysis) -> [ReportBlock] {
    guard !incident.moves.isEmpty else { return [] }
    let rows: [[[ReportInline]]] = incident.moves.map { move in
      let requested: [ReportInline] = [
        .text(time(epochMilliseconds: move.requested.epochMilliseconds) + " "), link(sequence: move.requested.sequence),
      ]
      let started: [ReportInline] =
        move.started.map { [.text(time(epochMilliseconds: $0.epochMilliseconds) + " "), link(sequence: $0.sequence)] }
        ?? [.text("—")]
      let took: [ReportInline] =
        move.durationMilliseconds.map { [.strong(ReportFormat.duration(milliseconds: $0))] }
        ?? [.text("not started elsewhere in the evidence")]
      return [
        [.code(text(move.service))], [.text(text(move.from ?? "—"))], requested, started,
        [.text(text(move.startedOn ?? "—"))], took,
      ]
    }
    return [
      .paragraph([
        .text("HA services moved by the CRM (migration or relocation), from the request to running on the other node:")
      ]),
      .table(header: ["Service", "From", "Requested", "Started", "On", "Took"], rows: rows),
    ]
  }

  private func strandedGuests(_ incident: IncidentAnalysis, node: String) -> [ReportBlock] {
    var blocks: [ReportBlock] = [.heading(level: 3, text: "Guests that were not HA-managed", anchor: "impact-guests")]
    guard !incident.evidence.guests.isEmpty else {
      blocks.append(.paragraph([.text("No guest list was read as evidence.")]))
      return blocks
    }
    guard !incident.strandedGuests.isEmpty else {
      blocks.append(.paragraph([.text("Every guest on \(node) was HA-managed, or none was on it.")]))
      return blocks
    }
    blocks.append(
      .paragraph([
        .text(
          "These guests were on \(node) and are not HA-managed: nobody moved them, so they were down for at least the outage window."
        )
      ]))
    blocks.append(
      .table(
        header: ["Guest", "Name", "Status then", "Evidence"],
        rows: incident.strandedGuests.map { guest in
          [
            [.code(text(guest.id))], [.text(text(guest.name))], [.text(text(guest.status))],
            [link(sequence: guest.sequence)],
          ]
        }))
    return blocks
  }
}
