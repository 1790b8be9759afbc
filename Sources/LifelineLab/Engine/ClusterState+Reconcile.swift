/// Brings memberships, quorum and the CRM's bookkeeping in line after anything changed power,
/// units or links. Called after every explicit change; timed reactions are only scheduled here.
extension ClusterState {
  /// Real-time delays of the HA stack, in seconds (multiplied by the time scale).
  enum Delay {
    /// One CRM/LRM loop round.
    static let round = 10.0
    /// How long a node is offline before its services are fenced (`$fence_delay`).
    static let fence = 60.0
    /// Lifetime of an agent or manager lock after its last renewal.
    static let lock = 120.0
    /// After this long without an update a status timestamp reads `old timestamp - dead?`.
    static let stale = 30.0
    /// Watchdog expiry: an inquorate node with an armed watchdog resets itself.
    static let selfFence = 60.0
    /// How long a reset node takes to boot again.
    static let reboot = 15.0
    /// The hardware timeout watchdog-mux sets on /dev/watchdog (`watchdog_timeout`).
    static let watchdogTimeout = 10.0
  }

  mutating func reconcile(at time: Double) {
    updateMemberships(at: time)
    updateLRMs(at: time)
    updateCRMView(at: time)
  }

  /// Takes each node's membership and quorum from its real corosync's view; pmxcfs and the LRM
  /// react to what changed. (corosync's own lines come from the real corosync's log.)
  private mutating func updateMemberships(at time: Double) {
    for index in nodes.indices {
      let partition = Membership.partition(of: nodes[index].name, in: self)
      let newMembers = partition?.members ?? []
      let wasQuorate = nodes[index].quorate
      let nowQuorate = partition?.quorate ?? false
      if newMembers != nodes[index].members {
        let gained = newMembers.contains { !nodes[index].members.contains($0) && $0 != nodes[index].name }
        nodes[index].members = newMembers
        if let partition {
          nodes[index].ringID = partition.ringID
          logMembershipChange(index, joined: gained, at: time)
        }
      }
      nodes[index].quorate = nowQuorate
      if wasQuorate != nowQuorate, partition != nil {
        logQuorumChange(index, quorate: nowQuorate, at: time)
      }
      if nowQuorate { startGuestsAwaitingQuorum(on: nodes[index].name, at: time) }
    }
  }

  /// pmxcfs's lines when its CPG membership follows corosync's (`[dcdb] notice: members: …`).
  private mutating func logMembershipChange(_ index: Int, joined: Bool, at moment: Double) {
    let name = nodes[index].name
    let time = max(moment, nodes[index].bootedAt + 5)
    let dcdb = nodes[index].members.compactMap { node($0) }.map { "\($0.nodeID)/\($0.mainPID(of: .pveCluster))" }
      .joined(separator: ", ")
    log(name, .pveCluster, "[dcdb] notice: members: \(dcdb)", at: time + 0.05, priority: 5)
    log(name, .pveCluster, "[status] notice: members: \(dcdb)", at: time + 0.06, priority: 5)
    if joined {
      log(name, .pveCluster, "[dcdb] notice: starting data syncronisation", at: time + 0.07, priority: 5)
      log(name, .pveCluster, "[dcdb] notice: all data is up to date", at: time + 0.15, priority: 5)
    }
  }

  private mutating func logQuorumChange(_ index: Int, quorate: Bool, at moment: Double) {
    let name = nodes[index].name
    let time = max(moment, nodes[index].bootedAt + 5)
    if quorate {
      log(name, .pveCluster, "[status] notice: node has quorum", at: time + 0.1, priority: 5)
    } else {
      log(name, .pveCluster, "[status] notice: node lost quorum", at: time + 0.1, priority: 5)
      if nodes[index].unitState(.haLRM) == .active && lrmHoldsWatchdog(name) {
        log(
          name, .haLRM, "lost lock 'ha_agent_\(name)_lock - cfs lock update failed - Permission denied", at: time + 3,
          priority: 3)
        log(name, .haLRM, "status change active => lost_agent_lock", at: time + 3.01, priority: 6)
      }
    }
  }

  private mutating func startGuestsAwaitingQuorum(on nodeName: String, at time: Double) {
    for index in guests.indices where guests[index].node == nodeName && guests[index].startOnQuorum {
      guests[index].startOnQuorum = false
      if let resource = resource(guests[index].haSID), resource.requestedState != "started" { continue }
      guests[index].running = true
      guests[index].startedAt = time
    }
  }

  // MARK: The CRM's view

  private mutating func updateCRMView(at time: Double) {
    let crm = Membership.crmPartition(self)
    for index in nodes.indices where nodes[index].inNodelist {
      let name = nodes[index].name
      let inCRM = crm?.members.contains(name) ?? false
      if inCRM {
        if nodes[index].offlineSince != nil { nodeReturned(index, at: time) }
      } else if nodes[index].offlineSince == nil {
        nodeVanished(index, crmExists: crm != nil, at: time)
      } else if crm != nil, nodes[index].crmState == "online", !hasPendingOfflineHandling(name) {
        scheduleOfflineHandling(name, from: time)
      }
    }
    guard let crm, haManagerStatusWritten || !haResources.isEmpty else { return }
    if let master = crmMaster, crm.members.contains(master), node(master)?.unitState(.haCRM) == .active {
      scheduled.removeAll { $0.action == .electMaster }
    } else if !scheduled.contains(where: { $0.action == .electMaster }) {
      let lostAt = crmMaster.flatMap { node($0)?.offlineSince } ?? time
      // A manager lock that never existed is free at once: the first CRM takes it in its next round.
      let neverHeld = haManagerStatusWritten ? nil : time
      let lockFree =
        (managerLockReleasedAt ?? neverHeld).map { $0 + scaled(Delay.round) } ?? lostAt + scaled(Delay.lock)
      scheduled.append(ScheduledTransition(at: max(time, lockFree), action: .electMaster))
    }
  }

  private mutating func nodeVanished(_ index: Int, crmExists: Bool, at time: Double) {
    let name = nodes[index].name
    nodes[index].offlineSince = time
    nodes[index].lrmFrozenAt = time
    nodes[index].isolatedView = snapshotHA(at: time)
    if crmExists { scheduleOfflineHandling(name, from: time) }
    // A master that loses quorum cannot renew the manager lock and closes its watchdog cleanly
    // (CRM.pm `work`, `lost_manager_lock`): only an active LRM's watchdog resets the node.
    if crmMaster == name, nodes[index].isRunning, !nodes[index].quorate, nodes[index].unitState(.haCRM) == .active {
      log(
        name, .haCRM, "lost lock 'ha_manager_lock - cfs lock update failed - Permission denied", at: time + 5,
        priority: 3)
      log(name, .haCRM, "status change master => lost_manager_lock", at: time + 5.01)
      log(name, .haCRM, "watchdog closed (disabled)", at: time + 5.02)
      log(name, .haCRM, "status change lost_manager_lock => wait_for_quorum", at: time + 15)
    }
    if nodes[index].isRunning, !nodes[index].quorate, lrmHoldsWatchdog(name) {
      scheduled.append(ScheduledTransition(at: time + scaled(Delay.selfFence), action: .selfFence(node: name)))
    }
  }

  private mutating func nodeReturned(_ index: Int, at time: Double) {
    let name = nodes[index].name
    nodes[index].offlineSince = nil
    nodes[index].lrmFrozenAt = nil
    nodes[index].isolatedView = nil
    scheduled.removeAll { transition in
      switch transition.action {
      case .markUnknown(name), .fence(name), .selfFence(name): true
      default: false
      }
    }
    if nodes[index].crmState == "unknown" {
      nodes[index].crmState = nodes[index].maintenanceRequested ? "maintenance" : "online"
      logCRM("node '\(name)': state changed from 'unknown' => '\(nodes[index].crmState)'", at: time + 2)
    }
    // A maintenance request or release that reached the CRM while the node was away takes
    // effect once its LRM reports again.
    if nodes[index].maintenanceRequested != (nodes[index].crmState == "maintenance") {
      scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .applyMaintenance(node: name)))
    }
    for resource in haResources where resource.node == name && resource.requestedState == "started" {
      if let vmid = resource.vmid, let guest = guest(vmid: vmid), !guest.running {
        scheduled.append(
          ScheduledTransition(at: time + scaled(Delay.round), action: .applyRequestedState(sid: resource.sid)))
      }
    }
    retryRecoveries(at: time)
  }

  func hasPendingOfflineHandling(_ name: String) -> Bool {
    scheduled.contains { transition in
      switch transition.action {
      case .markUnknown(name), .fence(name), .acquireAgentLock(name): true
      default: false
      }
    }
  }

  /// The CRM's reaction to a lost node. An LRM that shut down cleanly released its agent lock
  /// (LRM.pm, `shutdown` mode), so the lock is taken as soon as the fence delay passed
  /// (test-shutdown1); otherwise it is free only once it expired.
  mutating func scheduleOfflineHandling(_ name: String, from time: Double) {
    let fenceAt = time + scaled(Delay.fence)
    let lockFree = node(name)?.lrmMode == "shutdown" ? fenceAt + 0.001 : time + scaled(Delay.lock)
    scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .markUnknown(node: name)))
    scheduled.append(ScheduledTransition(at: fenceAt, action: .fence(node: name)))
    scheduled.append(ScheduledTransition(at: lockFree, action: .acquireAgentLock(node: name)))
  }

  /// What `ha-manager status` says about a node's LRM while its status is fresh (API2/HA/Status.pm).
  func lrmStatusText(_ node: ClusterNode) -> String {
    if node.crmState == "maintenance" { return "maintenance mode" }
    if let mode = node.lrmMode { return "\(mode) mode" }
    return lrmHoldsWatchdog(node.name) ? "active" : "idle"
  }

  /// Services the CRM runs on a node (the LRM holds its agent lock and keeps the watchdog armed).
  func hasActiveServices(_ name: String) -> Bool {
    haResources.contains {
      $0.node == name && ["started", "migrate", "relocate", "request_stop"].contains($0.crmState)
    }
  }

  func snapshotHA(at time: Double) -> HASnapshot {
    var lrmStates: [String: String] = [:]
    for node in nodelist {
      lrmStates[node.name] = lrmStatusText(node)
    }
    return HASnapshot(
      master: crmMaster, takenAt: time, lrmStates: lrmStates,
      services: haResources.map { .init(sid: $0.sid, node: $0.node, state: $0.crmState) })
  }
}
