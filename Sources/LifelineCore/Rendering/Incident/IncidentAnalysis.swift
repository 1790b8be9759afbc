/// The incident worked out from its evidence: when the node left the membership and came
/// back, how quorum fared, and what happened to each HA service on it.
///
/// Every moment is a journal event, so the report can link each figure to the transcript line
/// it comes from; a moment the evidence does not show stays nil, and the report says so.
struct IncidentAnalysis: Sendable {
  typealias Event = IncidentEvidence.Event

  /// One HA service's way from the fence to running elsewhere.
  struct ServiceRecovery: Sendable {
    var service: String
    /// `… state changed from 'started' to 'fence'`.
    var fenced: Event
    /// `… from 'fence' to 'recovery'`.
    var recovery: Event?
    /// `… from 'recovery' to 'started'  (node = …)`.
    var started: Event?
    /// Where it was started, when the line says.
    var startedOn: String?

    /// Fence to started.
    var downtimeMilliseconds: Int64? { started.map { $0.epochMilliseconds - fenced.epochMilliseconds } }
  }

  /// One HA service's planned move (a drill's maintenance mode, a migration): from the
  /// request to running on the other node.
  struct ServiceMove: Sendable {
    var service: String
    /// `… from 'started' to 'migrate'  (node = …, target = …)` (or `relocate`).
    var requested: Event
    /// `… from 'migrate' to 'started'  (node = …)`.
    var started: Event?
    var from: String?
    var startedOn: String?

    var durationMilliseconds: Int64? { started.map { $0.epochMilliseconds - requested.epochMilliseconds } }
  }

  /// The node the session is about (its `node` parameter).
  var lostNode: String?
  /// Its corosync node id, from the nodelist or from the first membership it left.
  var lostNodeID: Int?
  /// The first sign on a survivor that the node was gone: a knet link down, no active links,
  /// or a membership it left.
  var left: Event?
  /// The first membership on a survivor that the node joined again, after it left.
  var back: Event?
  /// Survivors' partitions becoming quorate or losing quorum, from the node's loss on.
  var quorumChanges: [Event] = []
  var services: [ServiceRecovery] = []
  var moves: [ServiceMove] = []
  var votes: IncidentEvidence.Votes?
  /// Guests on the lost node that are not HA-managed: nobody moved them.
  var strandedGuests: [IncidentEvidence.Guest] = []
  var evidence: IncidentEvidence

  init(evidence: IncidentEvidence, lostNode: String?) {
    self.evidence = evidence
    self.lostNode = lostNode
    votes = evidence.votes
    lostNodeID =
      lostNode.flatMap { name in evidence.nodeNames.first { $0.value == name }?.key }
      ?? evidence.events.lazy.compactMap { event -> Int? in
        if case .membership(_, _, let left) = event.signal, event.host != lostNode { return left.first }
        return nil
      }.first
    let survivors = evidence.events.filter { $0.host != lostNode }
    left = firstLoss(in: survivors)
    if let left {
      back = survivors.first { $0.epochMilliseconds >= left.epochMilliseconds && isReturn($0.signal) }
      quorumChanges = survivors.filter {
        guard case .quorate = $0.signal else { return false }
        return $0.epochMilliseconds >= left.epochMilliseconds
      }
    }
    services = Self.recoveries(in: evidence.events, after: left?.epochMilliseconds)
    moves = Self.moves(in: evidence.events)
    if let lostNode {
      strandedGuests = evidence.guests.filter { $0.node == lostNode && !$0.isHA }
    }
  }

  /// Left to back: how long the node was out of the membership.
  var outageMilliseconds: Int64? {
    guard let left, let back else { return nil }
    return back.epochMilliseconds - left.epochMilliseconds
  }

  func name(ofNodeID id: Int) -> String? {
    evidence.nodeNames[id] ?? (id == lostNodeID ? lostNode : nil)
  }

  /// The first loss of the node seen on a survivor. knet prints `has no active links` for every
  /// peer when the survivor's own corosync starts, before the links come up: on a survivor
  /// that line counts only once the node was seen there as up (a link up or a membership it
  /// joined), so a journal reaching back to the cluster's start is not read as an outage.
  private func firstLoss(in survivors: [Event]) -> Event? {
    var seenUpOn: Set<String> = []
    for event in survivors {
      if isSignOfLife(event.signal) { seenUpOn.insert(event.host) }
      guard isLoss(event.signal) else { continue }
      if case .noActiveLinks = event.signal, !seenUpOn.contains(event.host) { continue }
      return event
    }
    return nil
  }

  private func isSignOfLife(_ signal: IncidentSignal) -> Bool {
    switch signal {
    case .linkUp(let id, _): return id == lostNodeID
    case .membership(_, let joined, _): return lostNodeID.map(joined.contains) ?? false
    case .quorumMembers(let members): return lostNodeID.map(members.contains) ?? false
    default: return false
    }
  }

  private func isLoss(_ signal: IncidentSignal) -> Bool {
    switch signal {
    case .membership(_, _, let left): return lostNodeID.map(left.contains) ?? false
    case .linkDown(let id, _), .noActiveLinks(let id): return id == lostNodeID
    case .haNodeState(let node, "online", "unknown"): return node == lostNode
    default: return false
    }
  }

  private func isReturn(_ signal: IncidentSignal) -> Bool {
    switch signal {
    case .membership(_, let joined, _): return lostNodeID.map(joined.contains) ?? false
    case .haNodeState(let node, "unknown", "online"): return node == lostNode && lostNodeID == nil
    default: return false
    }
  }

  /// Each migration or relocation of a service with the start that ends it.
  private static func moves(in events: [Event]) -> [ServiceMove] {
    var moves: [ServiceMove] = []
    for event in events {
      guard case .haServiceState(let service, let from, let to, let node) = event.signal else { continue }
      if from == "started", to == "migrate" || to == "relocate" {
        moves.append(ServiceMove(service: service, requested: event, from: node))
      } else if from == "migrate" || from == "relocate", to == "started",
        let index = moves.lastIndex(where: { $0.service == service && $0.started == nil })
      {
        moves[index].started = event
        moves[index].startedOn = node
      }
    }
    return moves
  }

  /// Each fence of a service (after `after`, when given) with its recovery and start.
  private static func recoveries(in events: [Event], after start: Int64?) -> [ServiceRecovery] {
    var recoveries: [ServiceRecovery] = []
    for event in events {
      guard case .haServiceState(let service, let from, let to, let node) = event.signal else { continue }
      if to == "fence", event.epochMilliseconds >= (start ?? .min) {
        recoveries.append(ServiceRecovery(service: service, fenced: event))
        continue
      }
      guard let index = recoveries.lastIndex(where: { $0.service == service && $0.started == nil }) else { continue }
      if from == "fence", to == "recovery" { recoveries[index].recovery = event }
      if from == "recovery", to == "started" {
        recoveries[index].started = event
        recoveries[index].startedOn = node
      }
    }
    return recoveries
  }
}
