extension ReportLayout {
  /// A link to a transcript line by its `seq`: `seq 12`.
  func link(sequence: Int) -> ReportInline {
    .link("seq \(sequence)", to: "./\(record.fileName)#seq=\(sequence)")
  }

  /// `08:48:54.000` (with the date when it is not the session's day).
  func time(epochMilliseconds: Int64) -> String {
    ReportFormat.time(Timestamp.rfc3339(epochMilliseconds: epochMilliseconds), day: day)
  }

  /// `node 1 (pve1)`, or `node 1` when the evidence names no node for the id.
  func corosyncNode(_ id: Int) -> String {
    guard let name = incident?.name(ofNodeID: id) else { return "node \(id)" }
    return "node \(id) (\(text(name)))"
  }

  /// What an incident event means, in a sentence.
  func describe(_ signal: IncidentSignal) -> String {
    switch signal {
    case .membership(let ring, let joined, let left):
      var parts: [String] = []
      if !joined.isEmpty { parts.append(joined.map(corosyncNode).joined(separator: ", ") + " joined") }
      if !left.isEmpty { parts.append(left.map(corosyncNode).joined(separator: ", ") + " left") }
      let change = parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")
      return "corosync formed membership \(text(ring))\(change)"
    case .tokenLost(let milliseconds):
      return "corosync: no token for \(ReportFormat.duration(milliseconds: Int64(milliseconds)))"
    case .quorumMembers(let ids):
      return "quorum members now: " + (ids.isEmpty ? "none" : ids.map(corosyncNode).joined(separator: ", "))
    case .quorate(true):
      return "this partition is quorate (primary component)"
    case .quorate(false):
      return "this partition lost quorum (non-primary component)"
    case .linkDown(let id, let link):
      return "knet link \(link) to \(corosyncNode(id)) down"
    case .linkUp(let id, let link):
      return "knet link \(link) to \(corosyncNode(id)) up"
    case .noActiveLinks(let id):
      return "no active knet link to \(corosyncNode(id))"
    case .haNodeState(let node, let from, let to):
      return "HA: node \(text(node)) \(text(from)) → \(text(to))"
    case .fenced(let node):
      return "HA: fencing of \(text(node)) acknowledged (agent lock taken)"
    case .haServiceState(let service, let from, let to, let node):
      let place = node.map { " on \(text($0))" } ?? ""
      return "HA: service \(text(service)) \(text(from)) → \(text(to))\(place)"
    case .recovered(let service, let from, let to):
      return "HA: service \(text(service)) recovered from \(text(from)) to \(text(to))"
    case .serviceStarted(let service):
      return "LRM: service \(text(service)) started"
    }
  }
}
