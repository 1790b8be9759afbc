/// Service moves the CRM performs: migrations, relocations and node maintenance.
extension ClusterState {
  /// The usable node with the fewest HA services (ties go to the lower name), as the basic
  /// scheduler picks recovery and maintenance targets.
  func placementTarget(excluding excluded: [String]) -> String? {
    guard let partition = Membership.crmPartition(self) else { return nil }
    let candidates = partition.members.compactMap { node($0) }.filter {
      !excluded.contains($0.name) && $0.crmState == "online" && !$0.maintenanceRequested
        && $0.unitState(.haLRM) == .active && $0.unitState(.watchdogMux) == .active && !$0.watchdogExpiring
    }
    func load(_ name: String) -> Int {
      haResources.filter { ($0.targetNode ?? $0.node) == name && $0.crmState != "recovery" }.count
    }
    return candidates.map(\.name).min { (load($0), $0) < (load($1), $1) }
  }

  /// Moves a guest's record (and so its configuration file) to another node.
  mutating func moveGuest(of sid: String, to target: String) {
    guard let index = guests.firstIndex(where: { $0.haSID == sid }) else { return }
    guests[index].node = target
  }

  /// Manager.pm `update_crm_commands`: maintenance is requested only for a node the CRM sees
  /// `online`; for any other node the command is dropped (test-crm-maintenance-request2), so a
  /// node that was away comes back `online`. A release is always taken, with a warning when the
  /// node was not in maintenance.
  mutating func readMaintenanceCommand(_ name: String, enable: Bool, at time: Double) {
    guard let index = index(of: name) else { return }
    let crmState = nodes[index].crmState
    if enable {
      switch crmState {
      case "online": nodes[index].maintenanceRequested = true
      case "maintenance": logCRM("ignoring crm command - node \(name) is already in maintenance state", at: time)
      default: logCRM("crm command error - node not online: enable-node-maintenance \(name)", at: time, priority: 3)
      }
    } else {
      if crmState != "maintenance" {
        logCRM("clearing maintenance of node \(name) requested, but it's in state \(crmState)", at: time, priority: 4)
      }
      nodes[index].maintenanceRequested = false
    }
    applyMaintenance(name, at: time)
  }

  mutating func applyMaintenance(_ name: String, at time: Double) {
    guard let index = index(of: name), nodes[index].offlineSince == nil else { return }
    if nodes[index].maintenanceRequested, nodes[index].crmState == "online" {
      nodes[index].crmState = "maintenance"
      logCRM("node '\(name)': state changed from 'online' => 'maintenance'", at: time)
      log(name, .haLRM, "status change active => maintenance", at: time + 1)
      for resourceIndex in haResources.indices.sorted(by: { haResources[$0].sid < haResources[$1].sid })
      where haResources[resourceIndex].node == name && haResources[resourceIndex].crmState == "started" {
        guard let target = placementTarget(excluding: [name]) else { continue }
        haResources[resourceIndex].maintenanceHome = name
        haResources[resourceIndex].targetNode = target
        beginMove(
          haResources[resourceIndex].sid, to: target, relocate: haResources[resourceIndex].type == "ct", at: time)
      }
    } else if !nodes[index].maintenanceRequested, nodes[index].crmState == "maintenance" {
      nodes[index].crmState = "online"
      logCRM("node '\(name)': state changed from 'maintenance' => 'online'", at: time)
      log(name, .haLRM, "status change maintenance => active", at: time + 1)
      for resourceIndex in haResources.indices.sorted(by: { haResources[$0].sid < haResources[$1].sid })
      where haResources[resourceIndex].maintenanceHome == name {
        haResources[resourceIndex].maintenanceHome = nil
        guard haResources[resourceIndex].crmState == "started", haResources[resourceIndex].node != name else {
          continue
        }
        haResources[resourceIndex].targetNode = name
        beginMove(haResources[resourceIndex].sid, to: name, relocate: haResources[resourceIndex].type == "ct", at: time)
      }
    }
  }

  /// pve-ha-manager Manager.pm: `update_crm_commands` refuses a target the CRM does not see
  /// `online` (`crm command error - node not online: …`); `next_state_started` returns before it
  /// reads the queued command while the service's own node is not online, and the command is
  /// wiped when the service goes to `fence` (test-recovery4), so a move off a lost node never happens.
  mutating func beginMove(_ sid: String, to target: String, relocate: Bool, at time: Double) {
    let state = relocate ? "relocate" : "migrate"
    guard let targetNode = node(target), targetNode.offlineSince == nil, targetNode.crmState == "online" else {
      logCRM("crm command error - node not online: \(state) \(sid) \(target)", at: time, priority: 3)
      return
    }
    guard let index = haResources.firstIndex(where: { $0.sid == sid }), haResources[index].crmState == "started",
      haResources[index].node != target, let source = node(haResources[index].node), source.offlineSince == nil
    else { return }
    haResources[index].changeState(to: state)
    haResources[index].targetNode = target
    logCRM("\(state) service '\(sid)' to node '\(target)'", at: time)
    logCRM(
      "service '\(sid)': state changed from 'started' to '\(state)'  (node = \(haResources[index].node), target = \(target))",
      at: time + 0.01)
    if relocate, let vmid = haResources[index].vmid, let guestIndex = guests.firstIndex(where: { $0.vmid == vmid }) {
      guests[guestIndex].running = false
    }
    scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .finishMove(sid: sid)))
  }

  mutating func finishMove(_ sid: String, at time: Double) {
    guard let index = haResources.firstIndex(where: { $0.sid == sid }), let target = haResources[index].targetNode,
      ["migrate", "relocate"].contains(haResources[index].crmState)
    else { return }
    let relocated = haResources[index].crmState == "relocate"
    haResources[index].node = target
    haResources[index].targetNode = nil
    haResources[index].changeState(to: "started")
    logCRM(
      "service '\(sid)': state changed from '\(relocated ? "relocate" : "migrate")' to 'started'  (node = \(target))",
      at: time)
    moveGuest(of: sid, to: target)
    if let vmid = haResources[index].vmid, let guestIndex = guests.firstIndex(where: { $0.vmid == vmid }) {
      if relocated || !guests[guestIndex].running { guests[guestIndex].startedAt = time }
      guests[guestIndex].running = true
    }
    scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .applyRequestedState(sid: sid)))
  }

  /// The LRM makes the guest match the requested state (start or stop it). An LRM that cannot
  /// work in this round (its node booting, or not yet back in the quorate membership) does it in
  /// a later round (LRM.pm `work` runs every round), so a request is never lost.
  mutating func applyRequestedState(_ sid: String, at time: Double) {
    guard let index = haResources.firstIndex(where: { $0.sid == sid }), let vmid = haResources[index].vmid,
      let guestIndex = guests.firstIndex(where: { $0.vmid == vmid })
    else { return }
    guard let host = node(haResources[index].node), host.isRunning, host.quorate else {
      let resource = haResources[index]
      let awaitsLRM =
        switch resource.crmState {
        case "started", "request_start": !resource.runningConfirmed
        case "request_stop": true
        case "stopped": guests[guestIndex].running
        default: false
        }
      let pending = scheduled.contains { $0.action == .applyRequestedState(sid: sid) }
      if awaitsLRM, !pending, node(haResources[index].node)?.inNodelist == true {
        scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .applyRequestedState(sid: sid)))
      }
      return
    }
    let wanted = haResources[index].requestedState == "started"
    if wanted {
      guard ["started", "stopped", "request_start"].contains(haResources[index].crmState) else { return }
      if haResources[index].crmState != "started" { haResources[index].changeState(to: "started") }
      if !guests[guestIndex].running {
        guests[guestIndex].running = true
        guests[guestIndex].startedAt = time
        log(host.name, .haLRM, "starting service \(sid)", at: time)
        log(host.name, .haLRM, "service status \(sid) started", at: time + 1)
      }
      haResources[index].runningConfirmed = true
    } else if haResources[index].requestedState != "ignored" {
      if haResources[index].crmState == "request_stop" {
        logCRM("service '\(sid)': state changed from 'request_stop' to 'stopped'", at: time)
      }
      if haResources[index].crmState != "stopped" { haResources[index].changeState(to: "stopped") }
      if guests[guestIndex].running {
        guests[guestIndex].running = false
        log(host.name, .haLRM, "stopping service \(sid)", at: time)
      }
    }
  }
}
