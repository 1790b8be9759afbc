extension ReportLayout {
  /// The transcript's name without `.jsonl`: the stem of the report's picture files.
  var pictureStem: String {
    record.fileName.hasSuffix(".jsonl") ? String(record.fileName.dropLast(6)) : record.fileName
  }

  /// Every picture of the report, in the order it shows them.
  var pictures: [ReportPicture] {
    [timelinePicture] + record.segments.indices.compactMap(flowchartPicture)
  }

  /// The session on one time axis, one lane per node.
  var timelinePicture: ReportPicture {
    var timeline = TimelineSVG(lanes: [])
    func lane(_ name: String) -> String {
      let lane = name == "local" ? "operator (local)" : name
      if !timeline.lanes.contains(lane) { timeline.lanes.append(lane) }
      return lane
    }
    if let node = incident?.lostNode ?? record.sessionStart?["params"]?["node"]?.stringValue { _ = lane(node) }
    if let incident {
      for event in incident.evidence.events {
        timeline.marks.append(
          TimelineSVG.Mark(
            time: event.epochMilliseconds, lane: lane(subject(of: event, in: incident)), kind: markKind(event.signal),
            tooltip:
              "\(time(epochMilliseconds: event.epochMilliseconds)) \(event.host): \(describe(event.signal)) (seq \(event.sequence))"
          ))
      }
      if let left = incident.left {
        timeline.milestones.append(TimelineSVG.Milestone(time: left.epochMilliseconds, label: "node left"))
      }
      if let back = incident.back {
        timeline.milestones.append(TimelineSVG.Milestone(time: back.epochMilliseconds, label: "node back"))
      }
    }
    if let started = record.sessionStart?.epochMilliseconds {
      timeline.milestones.append(TimelineSVG.Milestone(time: started, label: "session started"))
    }
    let lastTime = record.lastEvent?.epochMilliseconds ?? 0
    for attempt in record.attempts {
      guard let start = attempt.start, let from = start.epochMilliseconds else { continue }
      let to = attempt.end?.epochMilliseconds ?? lastTime
      let result = attempt.end.map { $0.string("result") ?? ($0["exit"]?.intValue == 0 ? "ok" : "failed") }
      let label = attempt.stepID ?? "exec"
      for run in attempt.runs {
        let node = run["node"]?.stringValue ?? "local"
        timeline.bars.append(
          TimelineSVG.Bar(
            start: from, end: max(from, to), lane: lane(node), label: label, result: result,
            tooltip: "\(label) on \(node): \(result ?? "did not finish") (seq \(start.sequence))"))
      }
    }
    for finding in record.events(ofType: "finding") {
      guard let at = finding.epochMilliseconds else { continue }
      let severity = finding.string("severity") ?? "info"
      let kind: TimelineSVG.MarkKind = severity == "critical" ? .critical : severity == "warning" ? .warning : .info
      timeline.marks.append(
        TimelineSVG.Mark(
          time: at, lane: lane(finding.string("node") ?? "local"), kind: kind,
          tooltip: "\(severity) finding: \(finding.string("text") ?? "") (seq \(finding.sequence))"))
    }
    return ReportPicture(
      fileName: "\(pictureStem).timeline.svg", title: "Timeline: the incident's events, the steps and the findings",
      svg: timeline.svg(label: "Timeline of the incident and the session"))
  }

  /// The flowchart of one runbook the session ran, with its path, when the file was found.
  func flowchartPicture(segment index: Int) -> ReportPicture? {
    let segment = record.segments[index]
    guard let runbook = loadedRunbook(segment.runbook) else { return nil }
    let suffix = index == 0 ? "" : "-\(index + 1)"
    return ReportPicture(
      fileName: "\(pictureStem).flowchart\(suffix).svg", title: "Flowchart of \(runbook.name), the path taken in green",
      svg: FlowchartSVG.svg(runbook, highlighting: segment.path))
  }

  /// The node an event is about, for its lane: the node that left or came back, the node a
  /// service went to; otherwise the host that logged it.
  private func subject(of event: IncidentEvidence.Event, in incident: IncidentAnalysis) -> String {
    switch event.signal {
    case .membership(_, let joined, let left):
      if let id = incident.lostNodeID, joined.contains(id) || left.contains(id), let node = incident.lostNode {
        return node
      }
      return event.host
    case .linkDown(let id, _), .linkUp(let id, _), .noActiveLinks(let id):
      return incident.name(ofNodeID: id) ?? event.host
    case .haNodeState(let node, _, _), .fenced(let node): return node
    case .haServiceState(_, _, let to, let node):
      return node ?? (["fence", "recovery"].contains(to) ? incident.lostNode ?? event.host : event.host)
    case .recovered(_, _, let to): return to
    case .quorate, .quorumMembers, .tokenLost, .serviceStarted: return event.host
    }
  }

  private func markKind(_ signal: IncidentSignal) -> TimelineSVG.MarkKind {
    switch signal {
    case .membership(_, let joined, let left):
      if let id = incident?.lostNodeID { return joined.contains(id) ? .recovery : left.contains(id) ? .loss : .link }
      return left.isEmpty ? .recovery : .loss
    case .linkDown, .noActiveLinks: return .loss
    case .linkUp: return .recovery
    case .tokenLost: return .link
    case .quorate, .quorumMembers: return .quorum
    case .haNodeState(_, _, let to): return to == "online" ? .recovery : to == "maintenance" ? .ha : .loss
    case .fenced, .haServiceState, .recovered, .serviceStarted: return .ha
    }
  }
}
