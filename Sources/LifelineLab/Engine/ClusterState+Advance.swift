/// Applies the timed HA reactions lazily: whenever a command reads the state, every transition
/// that fell due since the last read is applied in order, so no daemon is needed.
extension ClusterState {
  /// - Parameter environment: the nodes' files, which decide what a node that resets boots into.
  mutating func advance(to now: Double, environment: NodeEnvironment) {
    while let next = scheduled.enumerated().filter({ $0.element.at <= now }).min(by: { $0.element.at < $1.element.at })
    {
      scheduled.remove(at: next.offset)
      apply(next.element.action, at: next.element.at, environment: environment)
      updateLRMs(at: next.element.at)
    }
    advancedTo = max(advancedTo, now)
  }

  /// True when a master CRM works in a quorate partition and may act.
  var crmIsActive: Bool {
    guard let master = crmMaster, let partition = Membership.crmPartition(self) else { return false }
    return partition.members.contains(master) && node(master)?.unitState(.haCRM) == .active
  }

  private mutating func apply(_ action: ScheduledTransition.Action, at time: Double, environment: NodeEnvironment) {
    if action != .electMaster, action.isCRMAction, !crmIsActive {
      postponeUntilMasterElected(action)
      return
    }
    switch action {
    case .markUnknown(let name): markUnknown(name, at: time)
    case .fence(let name): fence(name, at: time)
    case .acquireAgentLock(let name): acquireAgentLock(name, at: time)
    case .selfFence(let name): selfFence(name, at: time, environment: environment)
    case .watchdogReset(let name): watchdogReset(name, at: time, environment: environment)
    case .electMaster: electMaster(at: time)
    case .readMaintenanceCommand(let name, let enable): readMaintenanceCommand(name, enable: enable, at: time)
    case .applyMaintenance(let name): applyMaintenance(name, at: time)
    case .beginMove(let sid, let target, let relocate): beginMove(sid, to: target, relocate: relocate, at: time)
    case .finishMove(let sid): finishMove(sid, at: time)
    case .readLRMModes: readLRMModes(at: time)
    case .applyRequestedState(let sid): applyRequestedState(sid, at: time)
    case .lrmIdle(let name): lrmIdle(name, at: time)
    }
  }

  /// Keeps a CRM action until a master exists again; without any quorate partition it is dropped
  /// and `reconcile` schedules what is needed once quorum returns. A node's offline handling is
  /// not kept: the new master plans it afresh (`electMaster`).
  private mutating func postponeUntilMasterElected(_ action: ScheduledTransition.Action) {
    guard let election = scheduled.first(where: { $0.action == .electMaster }) else { return }
    if action.offlineHandlingNode != nil { return }
    scheduled.append(ScheduledTransition(at: election.at + 0.001, action: action))
  }

  private mutating func markUnknown(_ name: String, at time: Double) {
    guard let index = index(of: name), nodes[index].offlineSince != nil, nodes[index].crmState != "fence" else {
      return
    }
    let old = nodes[index].crmState
    // NodeStatus.pm `update`: a node whose last lrm_status says maintenance mode stays in
    // maintenance while it is off or rebooting, and is never fenced.
    guard old != "unknown", old != "maintenance" else { return }
    nodes[index].crmState = "unknown"
    logCRM("node '\(name)': state changed from '\(old)' => 'unknown'", at: time)
  }

  private mutating func fence(_ name: String, at time: Double) {
    guard let index = index(of: name), nodes[index].offlineSince != nil, nodes[index].crmState != "maintenance" else {
      return
    }
    let doomed = haResources.indices.filter { haResources[$0].node == name && haResources[$0].isFencedWithItsNode }
    guard !doomed.isEmpty else { return }
    for resourceIndex in doomed {
      logCRM(
        "service '\(haResources[resourceIndex].sid)': state changed from '\(haResources[resourceIndex].crmState)' to 'fence'",
        at: time)
      haResources[resourceIndex].changeState(to: "fence")
      haResources[resourceIndex].targetNode = nil
    }
    let old = nodes[index].crmState
    nodes[index].crmState = "fence"
    logCRM("node '\(name)': state changed from '\(old)' => 'fence'", at: time + 0.01)
    logCRM("Try to fence node '\(name)'", at: time + 0.02)
  }

  private mutating func acquireAgentLock(_ name: String, at time: Double) {
    guard let index = index(of: name), nodes[index].crmState == "fence" else { return }
    logCRM("successfully acquired lock 'ha_agent_\(name)_lock'", at: time)
    logCRM("fencing: acknowledged - got agent lock for node '\(name)'", at: time + 0.01)
    let back = nodes[index].offlineSince == nil
    let newState = back ? (nodes[index].maintenanceRequested ? "maintenance" : "online") : "unknown"
    nodes[index].crmState = newState
    logCRM("node '\(name)': state changed from 'fence' => '\(newState)'", at: time + 0.02)
    for resourceIndex in haResources.indices
    where haResources[resourceIndex].node == name && haResources[resourceIndex].crmState == "fence" {
      haResources[resourceIndex].changeState(to: "recovery")
      logCRM("service '\(haResources[resourceIndex].sid)': state changed from 'fence' to 'recovery'", at: time + 0.03)
      if let vmid = haResources[resourceIndex].vmid, let guestIndex = guests.firstIndex(where: { $0.vmid == vmid }) {
        guests[guestIndex].running = false
        guests[guestIndex].startOnQuorum = false
      }
    }
    retryRecoveries(at: time + 0.04)
  }

  /// Places every service in `recovery` on the least loaded usable node, in SID order.
  mutating func retryRecoveries(at time: Double) {
    guard crmIsActive else { return }
    for resourceIndex in haResources.indices.sorted(by: { haResources[$0].sid < haResources[$1].sid })
    where haResources[resourceIndex].crmState == "recovery" {
      let sid = haResources[resourceIndex].sid
      let from = haResources[resourceIndex].node
      guard let target = placementTarget(excluding: []) else {
        logCRM(
          "recovering service '\(sid)' from fenced node '\(from)' failed, no recovery node found", at: time, priority: 3
        )
        continue
      }
      logCRM("recover service '\(sid)' from fenced node '\(from)' to node '\(target)'", at: time)
      haResources[resourceIndex].node = target
      // Manager.pm `recover_fenced_service`: a service that should not run goes to `request_stop`
      // on its new node, and the LRM's next round reports it `stopped` (test-service-stopped2).
      haResources[resourceIndex].changeState(
        to: haResources[resourceIndex].requestedState == "started" ? "started" : "request_stop")
      logCRM(
        "service '\(sid)': state changed from 'recovery' to '\(haResources[resourceIndex].crmState)'  (node = \(target))",
        at: time + 0.01)
      moveGuest(of: sid, to: target)
      scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .applyRequestedState(sid: sid)))
    }
  }

  private mutating func selfFence(_ name: String, at time: Double, environment: NodeEnvironment) {
    guard let index = index(of: name), nodes[index].isRunning, !nodes[index].quorate else { return }
    // pve-ha-manager 4.0.5's watchdog-mux.c logs only this line (`about to expire` came in 5.0.x).
    log(name, .watchdogMux, "client watchdog expired - disable watchdog updates", at: time, priority: 2)
    reset(index, at: time, environment: environment)
  }

  /// The armed watchdog that watchdog-mux left behind runs out.
  private mutating func watchdogReset(_ name: String, at time: Double, environment: NodeEnvironment) {
    guard let index = index(of: name), nodes[index].isRunning, nodes[index].watchdogExpiring else { return }
    reset(index, at: time, environment: environment)
  }

  private mutating func electMaster(at time: Double) {
    guard let partition = Membership.crmPartition(self) else { return }
    let candidates = partition.members.compactMap { node($0) }.filter { $0.unitState(.haCRM) == .active }
    guard let winner = candidates.min(by: { $0.nodeID < $1.nodeID }) else { return }
    crmMaster = winner.name
    haManagerStatusWritten = true
    managerLockReleasedAt = nil
    log(winner.name, .haCRM, "successfully acquired lock 'ha_manager_lock'", at: time)
    log(winner.name, .haCRM, "watchdog active", at: time + 0.01)
    log(winner.name, .haCRM, "status change slave => master", at: time + 0.02)
    for node in nodelist where node.offlineSince != nil { planOfflineHandlingAsNewMaster(node.name, at: time) }
    for node in nodelist where node.maintenanceRequested != (node.crmState == "maintenance") {
      scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .applyMaintenance(node: node.name)))
    }
    retryRecoveries(at: time + 0.03)
  }
}

extension ClusterState {
  /// A new master's Manager starts with an empty `last_online` (pve-ha-manager NodeStatus.pm `new`),
  /// so `node_is_offline_delayed` only records the takeover time in its first round: the fence
  /// delay of every offline node starts again at the takeover. The node goes `unknown` in that
  /// first round, and its agent lock is taken once that delay has passed and the lock expired
  /// (test-basic5: master cut at 120, new master and `unknown` at 222, fence and recovery at 282).
  mutating func planOfflineHandlingAsNewMaster(_ name: String, at time: Double) {
    scheduled.removeAll { $0.action.offlineHandlingNode == name }
    guard let node = node(name), let offlineSince = node.offlineSince else { return }
    if node.crmState == "online" {
      scheduled.append(ScheduledTransition(at: time + 0.03, action: .markUnknown(node: name)))
    }
    let fenceAt = time + scaled(Delay.fence)
    if node.crmState != "fence" { scheduled.append(ScheduledTransition(at: fenceAt, action: .fence(node: name))) }
    let lockFree = node.lrmMode == "shutdown" ? fenceAt : offlineSince + scaled(Delay.lock)
    scheduled.append(ScheduledTransition(at: max(fenceAt, lockFree) + 0.001, action: .acquireAgentLock(node: name)))
  }

  /// Manager.pm `manage`: services on a node whose LRM wrote `restart` mode freeze (`started`,
  /// `stopped`, `request_stop`); frozen services unfreeze once that LRM is `active` again, to
  /// `started` or `request_stop` as requested. Frozen services are never fenced (test-restart-lrm,
  /// test-reboot1).
  mutating func readLRMModes(at time: Double) {
    for index in haResources.indices.sorted(by: { haResources[$0].sid < haResources[$1].sid }) {
      guard let host = node(haResources[index].node) else { continue }
      let old = haResources[index].crmState
      let sid = haResources[index].sid
      if host.lrmMode == "restart", ["started", "stopped", "request_stop"].contains(old) {
        haResources[index].changeState(to: "freeze")
      } else if old == "freeze", host.lrmMode == nil, host.isRunning, host.unitState(.haLRM) == .active {
        haResources[index].changeState(to: haResources[index].requestedState == "started" ? "started" : "request_stop")
        scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .applyRequestedState(sid: sid)))
      } else {
        continue
      }
      logCRM("service '\(sid)': state changed from '\(old)' to '\(haResources[index].crmState)'", at: time)
    }
  }
}

extension ScheduledTransition.Action {
  /// The node whose loss this CRM step handles (unknown, fence, agent lock), if it is one.
  var offlineHandlingNode: String? {
    switch self {
    case .markUnknown(let name), .fence(let name), .acquireAgentLock(let name): name
    default: nil
    }
  }

  /// Work only an active CRM master does; self-fencing happens on the node itself.
  var isCRMAction: Bool {
    switch self {
    case .selfFence, .watchdogReset, .applyRequestedState, .lrmIdle: false
    default: true
    }
  }
}
