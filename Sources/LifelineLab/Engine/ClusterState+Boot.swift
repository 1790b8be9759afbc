import Foundation

/// Powering nodes on and off, and the boot log each boot leaves in the journal.
extension ClusterState {
  /// Starts a node: units come up (a node with the corosync fault fails corosync again), the
  /// cluster link follows its network files, and guests wait for quorum before starting.
  mutating func boot(_ index: Int, at time: Double, linkUp: Bool) {
    nodes[index].power = .running
    nodes[index].bootedAt = time
    nodes[index].bootID = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    nodes[index].linkUp = linkUp
    nodes[index].expectedVotesOverride = nil
    for unit in ClusterUnit.allCases {
      nodes[index].units[unit] = .active
      nodes[index].unitsSince[unit] = time + 4
      nodes[index].unitRestarts[unit, default: 0] += 1
    }
    if nodes[index].faults.contains(.corosync) { nodes[index].units[.corosync] = .failed }
    nodes[index].loadedWatchdogModule = nodes[index].faults.contains(.noWatchdog) ? nil : Seed.watchdogModule
    writeBootLog(index, at: time)
    for guestIndex in guests.indices where guests[guestIndex].node == nodes[index].name && guests[guestIndex].onboot {
      guests[guestIndex].running = false
      guests[guestIndex].startOnQuorum = true
    }
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

  private mutating func writeBootLog(_ index: Int, at time: Double) {
    let node = nodes[index]
    let name = node.name
    log(
      name, nil,
      "Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4",
      at: time, priority: 5)
    log(
      name, nil, "Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet",
      at: time + 0.01)
    let watchdogModule = node.loadedWatchdogModule ?? "softdog"
    if watchdogModule == "softdog" {
      log(name, nil, "softdog: initialized. soft_noboot=0 soft_margin=60 sec soft_panic=0 (nowayout=0)", at: time + 2.1)
    } else {
      log(
        name, nil, "iTCO_wdt iTCO_wdt.1.auto: Found a Intel PCH TCO device (Version=6, TCOBASE=0x0400)", at: time + 2.1)
      log(name, nil, "iTCO_wdt iTCO_wdt.1.auto: initialized. heartbeat=30 sec (nowayout=0)", at: time + 2.11)
    }
    logSystemd(name, .networking, "Starting networking.service - Network initialization...", at: time + 2.5)
    if !node.linkUp {
      log(
        name, .networking, "warning: vmbr0: interface not found in /etc/network/interfaces (not configured)",
        at: time + 2.7, priority: 4, identifier: "networking", pid: 612)
    }
    logSystemd(name, .networking, "Finished networking.service - Network initialization.", at: time + 3)
    logSystemd(name, .watchdogMux, "Started watchdog-mux.service - Proxmox VE watchdog multiplexer.", at: time + 3.2)
    let driver = watchdogModule == "softdog" ? "Software Watchdog" : "iTCO_wdt"
    log(name, .watchdogMux, "Watchdog driver '\(driver)', version 0", at: time + 3.3)
    logSystemd(name, .pveCluster, "Starting pve-cluster.service - The Proxmox VE cluster filesystem...", at: time + 3.4)
    log(
      name, .pveCluster, "[main] notice: resolved node name '\(name)' to '\(node.address)' for default node IP address",
      at: time + 3.5, priority: 5)
    logSystemd(name, .pveCluster, "Started pve-cluster.service - The Proxmox VE cluster filesystem.", at: time + 4)
    logSystemd(name, .corosync, "Starting corosync.service - Corosync Cluster Engine...", at: time + 4.1)
    log(name, .corosync, "[MAIN  ] Corosync Cluster Engine  starting up", at: time + 4.2, priority: 5)
    log(name, .corosync, "[TOTEM ] Initializing transport (Kronosnet).", at: time + 4.3)
    if node.faults.contains(.corosync) {
      logCorosyncFailure(index, at: time + 4.4)
    } else {
      log(name, .corosync, "[KNET  ] host: host: \(node.nodeID) (passive) best link: 0 (pri: 0)", at: time + 4.4)
      logSystemd(name, .corosync, "Started corosync.service - Corosync Cluster Engine.", at: time + 4.5)
    }
    logSystemd(name, .haCRM, "Started pve-ha-crm.service - PVE Cluster HA Resource Manager Daemon.", at: time + 6)
    log(name, .haLRM, "status change startup => wait_for_agent_lock", at: time + 6.5)
    logSystemd(name, .haLRM, "Started pve-ha-lrm.service - PVE Local HA Resource Manager Daemon.", at: time + 6.6)
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
