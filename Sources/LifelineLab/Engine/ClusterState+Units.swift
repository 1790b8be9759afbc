/// Starting, stopping and restarting simulated units, and what each change does to the node.
extension ClusterState {
  /// - Parameter watchdogModule: WATCHDOG_MODULE of the node's /etc/default/pve-ha-manager, which a
  ///   starting watchdog-mux loads only when there is no /dev/watchdog yet.
  mutating func startUnit(_ index: Int, _ unit: ClusterUnit, at time: Double, restart: Bool, watchdogModule: String?) {
    let name = nodes[index].name
    if restart, nodes[index].unitState(unit) == .active { stopUnit(index, unit, at: time) }
    if unit == .corosync, nodes[index].standalone {
      logSystemd(
        name, unit,
        "\(unit.serviceName) - \(unit.summary) was skipped because of an unmet condition check (ConditionPathExists=/etc/corosync/corosync.conf).",
        at: time + 0.3)
      return
    }
    nodes[index].unitRestarts[unit, default: 0] += 1
    nodes[index].units[unit] = .active
    nodes[index].unitsSince[unit] = time + 0.5
    logSystemd(name, unit, "Starting \(unit.serviceName) - \(unit.summary)...", at: time + 0.3)
    switch unit {
    case .corosync:
      nodes[index].faults.removeAll { $0 == .corosync }
      nodes[index].expectedVotesOverride = nil
      log(name, .corosync, "[MAIN  ] Corosync Cluster Engine  starting up", at: time + 0.35, priority: 5)
      log(name, .corosync, "[TOTEM ] Initializing transport (Kronosnet).", at: time + 0.4)
      if !nodes[index].linkUp {
        log(
          name, .corosync, "[KNET  ] host: host: \(nodes[index].nodeID) has no active links", at: time + 0.45,
          priority: 4)
      }
    case .watchdogMux:
      logSystemd(name, unit, "Started \(unit.serviceName) - \(unit.summary).", at: time + 0.35)
      startWatchdogMux(index, at: time + 0.4, watchdogModule: watchdogModule)
      return
    case .haLRM:
      nodes[index].lrmMode = nil
      nodes[index].lrmActiveSince = nil
      nodes[index].lrmUnconfiguredSince = nil
      if nodes[index].offlineSince == nil { nodes[index].lrmFrozenAt = nil }
      log(name, .haLRM, "status change startup => wait_for_agent_lock", at: time + 0.45)
      scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .readLRMModes))
    case .pveCluster:
      log(name, .pveCluster, "[main] notice: teardown filesystem", at: time + 0.1, priority: 5)
      log(
        name, .pveCluster,
        "[status] notice: update cluster info (cluster name  \(clusterName), version = \(configVersion))",
        at: time + 0.45, priority: 5)
    default:
      break
    }
    logSystemd(name, unit, "Started \(unit.serviceName) - \(unit.summary).", at: time + 0.5)
  }

  /// watchdog-mux (src/watchdog-mux.c): it refuses to run while /run/watchdog-mux.active is left
  /// from clients that were never closed; it loads a module only when /dev/watchdog does not exist
  /// (so a running softdog stays), and fails when no device can be opened.
  private mutating func startWatchdogMux(_ index: Int, at time: Double, watchdogModule: String?) {
    let name = nodes[index].name
    if nodes[index].watchdogExpiring {
      log(name, .watchdogMux, "watchdog active - unable to restart watchdog-mux", at: time, priority: 3)
      failWatchdogMux(index, at: time)
      return
    }
    if nodes[index].loadedWatchdogModule == nil {
      let module = watchdogModule ?? "softdog"
      if let watchdogModule { log(name, .watchdogMux, "Loading watchdog module '\(watchdogModule)'", at: time) }
      if KernelModules.watchdogDevice(module, ipmi: ipmiConfigured) != nil {
        nodes[index].loadedWatchdogModule = module
      }
    }
    logWatchdogOpen(index, at: time + 0.01)
    if nodes[index].loadedWatchdogModule == nil {
      nodes[index].units[.watchdogMux] = .failed
      return
    }
    clearNoWatchdogFault(index)
  }

  /// The no-watchdog fault is repaired once a hardware watchdog runs.
  mutating func clearNoWatchdogFault(_ index: Int) {
    guard let module = nodes[index].loadedWatchdogModule, module != "softdog" else { return }
    nodes[index].faults.removeAll { $0 == .noWatchdog }
  }

  private mutating func failWatchdogMux(_ index: Int, at time: Double) {
    let name = nodes[index].name
    nodes[index].units[.watchdogMux] = .failed
    logSystemd(
      name, .watchdogMux, "watchdog-mux.service: Main process exited, code=exited, status=1/FAILURE", at: time + 0.01,
      priority: 5)
    logSystemd(
      name, .watchdogMux, "watchdog-mux.service: Failed with result 'exit-code'.", at: time + 0.02, priority: 4)
  }

  /// Whether the node's watchdog is armed: its LRM holds its agent lock, or it is the active CRM master.
  func watchdogArmed(_ name: String) -> Bool {
    lrmHoldsWatchdog(name) || (crmMaster == name && crmIsActive)
  }

  mutating func stopUnit(_ index: Int, _ unit: ClusterUnit, at time: Double) {
    let name = nodes[index].name
    guard nodes[index].unitState(unit) != .inactive else { return }
    logSystemd(name, unit, "Stopping \(unit.serviceName) - \(unit.summary)...", at: time)
    if unit == .corosync {
      log(name, .corosync, "[MAIN  ] Node was shut down by a signal", at: time + 0.1, priority: 5)
    }
    if unit == .haLRM, nodes[index].unitState(unit) == .active { stopLRM(index, at: time) }
    if unit == .haCRM, nodes[index].unitState(unit) == .active { stopCRM(index, at: time) }
    if unit == .watchdogMux, nodes[index].unitState(unit) == .active {
      log(name, .watchdogMux, "got terminate request", at: time + 0.05)
      if watchdogArmed(name) {
        // No magic close: the device keeps counting down and resets the node.
        log(name, .watchdogMux, "exit watchdog-mux with active connections", at: time + 0.1, priority: 4)
        nodes[index].watchdogExpiring = true
        scheduled.append(
          ScheduledTransition(at: time + scaled(Delay.watchdogTimeout), action: .watchdogReset(node: name)))
      } else {
        log(name, .watchdogMux, "clean exit", at: time + 0.1)
      }
    }
    nodes[index].units[unit] = .inactive
    nodes[index].unitsSince[unit] = time + 0.2
    logSystemd(name, unit, "\(unit.serviceName): Deactivated successfully.", at: time + 0.2)
    logSystemd(name, unit, "Stopped \(unit.serviceName) - \(unit.summary).", at: time + 0.21)
  }

  /// LRM.pm `shutdown_request` outside a system shutdown: `restart` mode, written to lrm_status,
  /// so the CRM freezes the node's services in its next round; the watchdog is closed cleanly.
  /// The status then ages into `old timestamp - dead?` (test-restart-lrm).
  mutating func stopLRM(_ index: Int, at time: Double, mode: String = "restart") {
    let name = nodes[index].name
    log(name, .haLRM, "received signal TERM", at: time + 0.02)
    switch mode {
    case "restart": log(name, .haLRM, "restart LRM, freeze all services", at: time + 0.04)
    case "shutdown": log(name, .haLRM, "shutdown LRM, stop all services", at: time + 0.04)
    default: log(name, .haLRM, "reboot LRM, stop and freeze all services", at: time + 0.04)
    }
    if lrmHoldsWatchdog(name) { log(name, .haLRM, "watchdog closed (disabled)", at: time + 0.1) }
    nodes[index].lrmMode = mode == "shutdown" ? "shutdown" : "restart"
    nodes[index].lrmFrozenAt = time
    scheduled.append(ScheduledTransition(at: time + scaled(Delay.round), action: .readLRMModes))
  }

  /// CRM.pm `work` on a shutdown request: the master gives up its watchdog and releases the
  /// manager lock (`voluntary release CRM lock`), so a slave takes over in its next round
  /// (test-shutdown4) instead of after the 120 s lock expiry.
  mutating func stopCRM(_ index: Int, at time: Double) {
    let name = nodes[index].name
    guard crmMaster == name, crmIsActive else { return }
    log(name, .haCRM, "received signal TERM", at: time + 0.02)
    log(name, .haCRM, "voluntary release CRM lock", at: time + 0.03)
    log(name, .haCRM, "watchdog closed (disabled)", at: time + 0.04)
    managerLockReleasedAt = time
  }

  /// corosync crashes on the node (the corosync fault).
  mutating func failCorosync(_ index: Int, at time: Double) {
    nodes[index].units[.corosync] = .failed
    nodes[index].unitsSince[.corosync] = time + 0.3
    logCorosyncFailure(index, at: time)
  }

  /// `ifreload -a`: the cluster link follows what the network files now configure.
  mutating func reloadNetwork(_ index: Int, linkUp: Bool, at time: Double) {
    let name = nodes[index].name
    let was = nodes[index].linkUp
    nodes[index].linkUp = linkUp
    if linkUp { nodes[index].faults.removeAll { $0 == .network } }
    guard was != linkUp else { return }
    if linkUp {
      log(name, nil, "vmbr0: port 1(eno1) entered forwarding state", at: time + 0.1)
      log(name, nil, "IPv6: ADDRCONF(NETDEV_CHANGE): vmbr0: link becomes ready", at: time + 0.2)
    } else {
      log(name, nil, "vmbr0: port 1(eno1) entered disabled state", at: time + 0.1)
      log(name, nil, "device eno1 left promiscuous mode", at: time + 0.2)
    }
  }
}
