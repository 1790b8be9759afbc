/// Starting, stopping and restarting simulated units, and what each change does to the node.
extension ClusterState {
  mutating func startUnit(_ index: Int, _ unit: ClusterUnit, at time: Double, restart: Bool, watchdogModule: String?) {
    let name = nodes[index].name
    if restart, nodes[index].unitState(unit) == .active {
      logSystemd(name, unit, "Stopping \(unit.serviceName) - \(unit.summary)...", at: time)
      logSystemd(name, unit, "\(unit.serviceName): Deactivated successfully.", at: time + 0.2)
      logSystemd(name, unit, "Stopped \(unit.serviceName) - \(unit.summary).", at: time + 0.21)
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
      nodes[index].loadedWatchdogModule = watchdogModule
      if watchdogModule != nil { nodes[index].faults.removeAll { $0 == .noWatchdog } }
      let driver = watchdogModule == nil ? "Software Watchdog" : watchdogModule ?? ""
      log(name, .watchdogMux, "Watchdog driver '\(driver)', version 0", at: time + 0.4)
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

  mutating func stopUnit(_ index: Int, _ unit: ClusterUnit, at time: Double) {
    let name = nodes[index].name
    guard nodes[index].unitState(unit) != .inactive else { return }
    logSystemd(name, unit, "Stopping \(unit.serviceName) - \(unit.summary)...", at: time)
    if unit == .corosync {
      log(name, .corosync, "[MAIN  ] Node was shut down by a signal", at: time + 0.1, priority: 5)
    }
    nodes[index].units[unit] = .inactive
    nodes[index].unitsSince[unit] = time + 0.2
    logSystemd(name, unit, "\(unit.serviceName): Deactivated successfully.", at: time + 0.2)
    logSystemd(name, unit, "Stopped \(unit.serviceName) - \(unit.summary).", at: time + 0.21)
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
