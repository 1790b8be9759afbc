import Foundation

/// Powering nodes on and off, and the boot log each boot leaves in the journal.
extension ClusterState {
  /// Starts a node: units come up (a node with the corosync fault fails corosync again, a
  /// reinstalled one has no corosync to start), the cluster link follows its network files,
  /// watchdog-mux loads the module its configuration names, and guests wait for quorum.
  /// - Parameter watchdogModule: WATCHDOG_MODULE of /etc/default/pve-ha-manager; nil for softdog.
  mutating func boot(_ index: Int, at time: Double, linkUp: Bool, watchdogModule: String?) {
    nodes[index].power = .running
    nodes[index].bootedAt = time
    nodes[index].bootID = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    nodes[index].linkUp = linkUp
    nodes[index].expectedVotesOverride = nil
    nodes[index].watchdogExpiring = false
    nodes[index].lrmMode = nil
    nodes[index].lrmActiveSince = nil
    nodes[index].lrmUnconfiguredSince = nil
    scheduled.append(ScheduledTransition(at: time + 6.5 + scaled(Delay.round), action: .readLRMModes))
    for unit in ClusterUnit.allCases {
      nodes[index].units[unit] = .active
      nodes[index].unitsSince[unit] = time + 4
      nodes[index].unitRestarts[unit, default: 0] += 1
    }
    if nodes[index].standalone {
      nodes[index].units[.corosync] = .inactive
    } else if nodes[index].faults.contains(.corosync) {
      nodes[index].units[.corosync] = .failed
    }
    // At boot /dev/watchdog does not exist yet, so watchdog-mux loads the configured module.
    let module = watchdogModule ?? "softdog"
    let device = KernelModules.watchdogDevice(module, ipmi: ipmiConfigured)
    nodes[index].loadedWatchdogModule = device == nil ? nil : module
    if device == nil { nodes[index].units[.watchdogMux] = .failed }
    clearNoWatchdogFault(index)
    writeBootLog(index, at: time, configuredModule: watchdogModule)
    for guestIndex in guests.indices where guests[guestIndex].node == nodes[index].name && guests[guestIndex].onboot {
      guests[guestIndex].running = false
      guests[guestIndex].startOnQuorum = !nodes[index].standalone
    }
  }

  /// A hardware reset (watchdog expiry): power is cut and the node boots again after a while.
  mutating func reset(_ index: Int, at time: Double, environment: NodeEnvironment) {
    let linkUp = nodes[index].linkUp
    powerOff(index, at: time)
    boot(
      index, at: time + scaled(Delay.reboot), linkUp: linkUp,
      watchdogModule: environment.configuredWatchdogModule(nodes[index].name))
    nodes[index].members = []
    reconcile(at: time + scaled(Delay.reboot))
  }

  /// A clean shutdown (`reboot`, `poweroff`): the HA daemons stop and close the watchdog, the
  /// units stop, and the power goes.
  mutating func shutDown(_ index: Int, at time: Double, reboot: Bool) {
    let name = nodes[index].name
    log(
      name, nil, reboot ? "System is rebooting." : "System is powering down.", at: time, identifier: "systemd-logind",
      pid: 702)
    // LRM.pm `shutdown_request` with the default `conditional` policy: a reboot freezes the
    // services (`restart` mode), a poweroff stops them and releases the agent lock (`shutdown`).
    if nodes[index].unitState(.haCRM) == .active { stopCRM(index, at: time) }
    if nodes[index].unitState(.haLRM) == .active {
      logSystemd(name, .haLRM, "Stopping pve-ha-lrm.service - \(ClusterUnit.haLRM.summary)...", at: time + 0.01)
      log(name, .haLRM, "got shutdown request with shutdown policy 'conditional'", at: time + 0.03)
      stopLRM(index, at: time, mode: reboot ? "reboot" : "shutdown")
      logSystemd(name, .haLRM, "Stopped pve-ha-lrm.service - \(ClusterUnit.haLRM.summary).", at: time + 0.11)
    }
    if nodes[index].unitState(.watchdogMux) == .active {
      log(name, .watchdogMux, "got terminate request", at: time + 0.12)
      log(name, .watchdogMux, "clean exit", at: time + 0.13)
    }
    if nodes[index].corosyncRunning {
      log(name, .corosync, "[MAIN  ] Node was shut down by a signal", at: time + 0.14, priority: 5)
      logSystemd(name, .corosync, "Stopped corosync.service - \(ClusterUnit.corosync.summary).", at: time + 0.15)
    }
    log(name, nil, "Syncing filesystems and block devices.", at: time + 0.2, identifier: "systemd-shutdown", pid: 1)
    log(name, nil, reboot ? "reboot: Restarting system" : "reboot: Power down", at: time + 0.21)
    powerOff(index, at: time + 0.21)
  }

  /// Cuts a node's power: its guests stop, to start again at the next quorate boot.
  mutating func powerOff(_ index: Int, at time: Double) {
    nodes[index].power = .off
    nodes[index].members = []
    for guestIndex in guests.indices where guests[guestIndex].node == nodes[index].name {
      guests[guestIndex].startOnQuorum = guests[guestIndex].running && guests[guestIndex].onboot
      guests[guestIndex].running = false
    }
  }

  private mutating func writeBootLog(_ index: Int, at time: Double, configuredModule: String?) {
    let node = nodes[index]
    let name = node.name
    log(
      name, nil,
      "Linux version \(KernelModules.release) (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4",
      at: time, priority: 5)
    log(
      name, nil, "Command line: BOOT_IMAGE=/boot/vmlinuz-\(KernelModules.release) root=/dev/mapper/pve-root ro quiet",
      at: time + 0.01)
    logSystemd(name, .networking, "Starting networking.service - Network initialization...", at: time + 2.5)
    if !node.linkUp {
      log(
        name, .networking, "warning: vmbr0: interface not found in /etc/network/interfaces (not configured)",
        at: time + 2.7, priority: 4, identifier: "networking", pid: 612)
    }
    logSystemd(name, .networking, "Finished networking.service - Network initialization.", at: time + 3)
    logSystemd(name, .watchdogMux, "Started watchdog-mux.service - Proxmox VE watchdog multiplexer.", at: time + 3.2)
    if let configuredModule {
      log(name, .watchdogMux, "Loading watchdog module '\(configuredModule)'", at: time + 3.25)
    }
    logWatchdogOpen(index, at: time + 3.27)
    logSystemd(name, .pveCluster, "Starting pve-cluster.service - The Proxmox VE cluster filesystem...", at: time + 3.4)
    log(
      name, .pveCluster, "[main] notice: resolved node name '\(name)' to '\(node.address)' for default node IP address",
      at: time + 3.5, priority: 5)
    logSystemd(name, .pveCluster, "Started pve-cluster.service - The Proxmox VE cluster filesystem.", at: time + 4)
    if node.standalone {
      logSystemd(
        name, .corosync,
        "corosync.service - Corosync Cluster Engine was skipped because of an unmet condition check (ConditionPathExists=/etc/corosync/corosync.conf).",
        at: time + 4.1)
    } else {
      logSystemd(name, .corosync, "Starting corosync.service - Corosync Cluster Engine...", at: time + 4.1)
      log(name, .corosync, "[MAIN  ] Corosync Cluster Engine  starting up", at: time + 4.2, priority: 5)
      log(name, .corosync, "[TOTEM ] Initializing transport (Kronosnet).", at: time + 4.3)
      if node.faults.contains(.corosync) {
        logCorosyncFailure(index, at: time + 4.4)
      } else {
        log(name, .corosync, "[KNET  ] host: host: \(node.nodeID) (passive) best link: 0 (pri: 0)", at: time + 4.4)
        logSystemd(name, .corosync, "Started corosync.service - Corosync Cluster Engine.", at: time + 4.5)
      }
    }
    logSystemd(name, .haCRM, "Started pve-ha-crm.service - PVE Cluster HA Resource Manager Daemon.", at: time + 6)
    log(name, .haLRM, "status change startup => wait_for_agent_lock", at: time + 6.5)
    logSystemd(name, .haLRM, "Started pve-ha-lrm.service - PVE Local HA Resource Manager Daemon.", at: time + 6.6)
  }

  /// Makes the current boot look as if the node had booted with `watchdogModule` configured (nil:
  /// softdog): the loaded driver and this boot's watchdog-mux lines follow. For the no-watchdog
  /// fault and its healing, which change what the node booted with, not when.
  mutating func assumeBooted(_ index: Int, watchdogModule: String?) {
    let node = nodes[index]
    let kernelPrefixes = ["softdog:", "iTCO_wdt ", "IPMI Watchdog:"]
    journal.removeAll { entry in
      entry.node == node.name && entry.bootID == node.bootID
        && (entry.unit == ClusterUnit.watchdogMux.serviceName
          || (entry.identifier == "kernel" && kernelPrefixes.contains { entry.message.hasPrefix($0) }))
    }
    let module = watchdogModule ?? "softdog"
    let loaded = KernelModules.watchdogDevice(module, ipmi: ipmiConfigured) == nil ? nil : module
    nodes[index].loadedWatchdogModule = loaded
    nodes[index].units[.watchdogMux] = loaded == nil ? .failed : .active
    let time = node.bootedAt
    logSystemd(
      node.name, .watchdogMux, "Started watchdog-mux.service - Proxmox VE watchdog multiplexer.", at: time + 3.2)
    if let watchdogModule {
      log(node.name, .watchdogMux, "Loading watchdog module '\(watchdogModule)'", at: time + 3.25)
    }
    logWatchdogOpen(index, at: time + 3.27)
    clearNoWatchdogFault(index)
  }

  /// What watchdog-mux logs when it opens /dev/watchdog: the driver's identity, or the failure to
  /// open a device that the loaded module did not create (then the unit fails).
  mutating func logWatchdogOpen(_ index: Int, at time: Double) {
    let name = nodes[index].name
    guard let loaded = nodes[index].loadedWatchdogModule,
      let device = KernelModules.watchdogDevice(loaded, ipmi: ipmiConfigured)
    else {
      log(name, .watchdogMux, "watchdog open: No such file or directory", at: time + 0.02, priority: 3)
      logSystemd(
        name, .watchdogMux, "watchdog-mux.service: Main process exited, code=exited, status=1/FAILURE", at: time + 0.03,
        priority: 5)
      logSystemd(
        name, .watchdogMux, "watchdog-mux.service: Failed with result 'exit-code'.", at: time + 0.04, priority: 4)
      return
    }
    switch loaded {
    case "softdog":
      log(name, nil, "softdog: initialized. soft_noboot=0 soft_margin=60 sec soft_panic=0 (nowayout=0)", at: time)
    case "iTCO_wdt":
      log(name, nil, "iTCO_wdt iTCO_wdt.1.auto: Found a Intel PCH TCO device (Version=6, TCOBASE=0x0400)", at: time)
      log(name, nil, "iTCO_wdt iTCO_wdt.1.auto: initialized. heartbeat=30 sec (nowayout=0)", at: time + 0.01)
    case "ipmi_watchdog":
      log(name, nil, "IPMI Watchdog: driver initialized", at: time)
    default:
      break
    }
    log(
      name, .watchdogMux,
      "Watchdog driver '\(device.identity)', version \(String(device.firmwareVersion, radix: 16))", at: time + 0.03)
  }

  /// The lines a crashing corosync leaves, shared by boot and by the fault.
  mutating func logCorosyncFailure(_ index: Int, at time: Double) {
    let name = nodes[index].name
    log(
      name, .corosync,
      "[MAIN  ] Corosync main process was not scheduled (@\(Int(time * 1000) % 100_000)) for 8401.2219 ms (threshold is 2920.0000 ms). Consider token timeout increase.",
      at: time, priority: 4)
    log(name, .corosync, "[KNET  ] host: host: \(nodes[index].nodeID) has no active links", at: time + 0.1, priority: 4)
    log(
      name, .corosync, "[MAIN  ] Corosync Cluster Engine exiting with status 8 at main.c:1623.", at: time + 0.2,
      priority: 3)
    logSystemd(
      name, .corosync, "corosync.service: Main process exited, code=exited, status=8/n/a", at: time + 0.3, priority: 5)
    logSystemd(name, .corosync, "corosync.service: Failed with result 'exit-code'.", at: time + 0.31, priority: 4)
    logSystemd(
      name, .corosync, "Failed to start corosync.service - Corosync Cluster Engine.", at: time + 0.32, priority: 3)
    log(name, .pveCluster, "[quorum] crit: quorum_initialize failed: 2", at: time + 1, priority: 2)
    log(name, .pveCluster, "[confdb] crit: cmap_initialize failed: 2", at: time + 1.01, priority: 2)
  }
}
