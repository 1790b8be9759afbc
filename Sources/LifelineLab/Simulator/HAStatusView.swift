/// What `ha-manager status` and `GET /cluster/ha/status/current` show on one node: the live CRM
/// state on a quorate node, the frozen last copy (aging into `old timestamp - dead?`) on an
/// isolated one.
struct HAStatusView {
  struct Entry {
    var id: String
    var type: String
    var node: String
    var status: String
    var timestamp: Double?
    var quorate: Bool?
    var resource: HAResource?
    var displayState: String?
  }

  let entries: [Entry]

  init(state: ClusterState, viewer: String, now: Double) {
    let quorate = Membership.partition(of: viewer, in: state)?.quorate ?? false
    let live = quorate && (Membership.crmPartition(state)?.members.contains(viewer) ?? false)
    let stale = state.scaled(ClusterState.Delay.stale)
    // API2/HA/Status.pm: an old status reads `old timestamp - dead?`, except that an LRM whose
    // last status was maintenance mode keeps saying so (a node in maintenance that is off).
    func stamp(_ name: String, _ state: String, _ time: Double) -> String {
      let aged = now - time > stale && state != "maintenance mode"
      return "\(name) (\(aged ? "old timestamp - dead?" : state), \(LocalTime.ctime(time)))"
    }
    var entries: [Entry] = [
      Entry(
        id: "quorum", type: "quorum", node: viewer, status: quorate ? "OK" : "No quorum on node '\(viewer)'!",
        quorate: quorate)
    ]
    let snapshot = live ? nil : state.node(viewer)?.isolatedView
    let frozenAt = snapshot?.takenAt ?? state.node(viewer)?.offlineSince ?? now
    guard state.haManagerStatusWritten else {
      self.entries = entries
      return
    }
    if let master = snapshot?.master ?? state.crmMaster {
      let time: Double
      if live, state.crmIsActive, master == state.crmMaster {
        time = now - min(1, state.timeScale)
      } else {
        let crmStoppedAt = state.node(master).flatMap { $0.unitState(.haCRM) == .active ? nil : $0.unitsSince[.haCRM] }
        time = live ? (state.node(master)?.offlineSince ?? crmStoppedAt ?? frozenAt) : frozenAt
      }
      entries.append(
        Entry(id: "master", type: "master", node: master, status: stamp(master, "active", time), timestamp: time))
    }
    for node in state.nodelist.sorted(by: { $0.name < $1.name }) {
      let time: Double
      let lrmState: String
      if live {
        let fresh = node.offlineSince == nil && node.unitState(.haLRM) == .active
        let age = Double(node.nodeID % 3) * min(1, state.timeScale)
        time = fresh ? now - age : (node.lrmFrozenAt ?? node.offlineSince ?? now)
        lrmState = state.lrmStatusText(node)
      } else {
        time = frozenAt
        lrmState = snapshot?.lrmStates[node.name] ?? "idle"
      }
      entries.append(
        Entry(
          id: "lrm:\(node.name)", type: "lrm", node: node.name, status: stamp(node.name, lrmState, time),
          timestamp: time))
    }
    for resource in state.haResources.sorted(by: { $0.sid < $1.sid }) {
      var shown = resource
      if let frozen = snapshot?.services.first(where: { $0.sid == resource.sid }) {
        shown.node = frozen.node
        shown.crmState = frozen.state
      }
      let display = Self.displayState(shown)
      entries.append(
        Entry(
          id: "service:\(resource.sid)", type: "service", node: shown.node,
          status: "\(resource.sid) (\(shown.node), \(display))",
          resource: shown, displayState: display))
    }
    self.entries = entries
  }

  /// The status view's rewording of CRM states (`starting`, `stopping`, `disabled`): Tools.pm
  /// `get_verbose_service_state`, where a `started` service the LRM has not yet reported running
  /// is `starting` whatever was requested.
  static func displayState(_ resource: HAResource) -> String {
    if resource.crmState == "started", !resource.runningConfirmed, resource.requestedState != "ignored" {
      return "starting"
    }
    return switch (resource.requestedState, resource.crmState) {
    case ("ignored", _): "ignored"
    case ("disabled", "stopped"): "disabled"
    case ("started", "stopped"), ("started", "request_start"): "starting"
    case ("stopped", "started"), ("disabled", "started"), (_, "request_stop"): "stopping"
    default: resource.crmState
    }
  }

  /// `ha-manager status` lines: `<type> <status>`.
  var lines: String { entries.map { "\($0.type) \($0.status)\n" }.joined() }

  /// The API entries.
  var json: PerlJSON {
    .array(
      entries.map { entry in
        var fields: [String: PerlJSON] = [
          "id": .string(entry.id), "type": .string(entry.type), "node": .string(entry.node),
          "status": .string(entry.status),
        ]
        if let quorate = entry.quorate { fields["quorate"] = .bool(quorate) }
        if let timestamp = entry.timestamp { fields["timestamp"] = .int(Int64(timestamp)) }
        if let resource = entry.resource {
          fields["sid"] = .string(resource.sid)
          fields["state"] = .string(entry.displayState ?? resource.crmState)
          fields["crm_state"] = .string(resource.crmState)
          fields["request_state"] = .string(resource.requestedState)
          fields["max_restart"] = .int(resource.maxRestart)
          fields["max_relocate"] = .int(resource.maxRelocate)
          if let comment = resource.comment { fields["comment"] = .string(comment) }
        }
        return .object(fields)
      })
  }
}
