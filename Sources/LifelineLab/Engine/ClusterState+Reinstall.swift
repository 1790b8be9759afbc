/// A node that is reinstalled and joins the cluster again.
extension ClusterState {
  /// The machine is wiped and boots a fresh Proxmox VE: its journal is gone, it is in no cluster
  /// (corosync does not start), it loads the softdog (the shipped watchdog defaults) and runs no
  /// guests. The cluster keeps whatever it knew about the node until `pvecm delnode`.
  mutating func reinstall(_ index: Int, at time: Double, linkUp: Bool) {
    let name = nodes[index].name
    journal.removeAll { $0.node == name }
    nodes[index].standalone = true
    nodes[index].faults = [.reinstall]
    nodes[index].maintenanceRequested = false
    nodes[index].expectedVotesOverride = nil
    powerOff(index, at: time)
    boot(index, at: time, linkUp: linkUp, watchdogModule: nil)
  }

  /// `pvecm add` finished: the node is in the nodelist again (with the lowest free node ID, as
  /// addnode picks it), corosync and pmxcfs restart with the cluster's configuration, and the CRM
  /// sees a new, online node.
  mutating func join(_ index: Int, at time: Double) {
    let name = nodes[index].name
    let taken = Set(nodelist.filter { $0.name != name }.map(\.nodeID))
    nodes[index].nodeID = (1...).first { !taken.contains($0) } ?? nodes[index].nodeID
    nodes[index].inNodelist = true
    nodes[index].standalone = false
    nodes[index].faults.removeAll { $0 == .reinstall }
    nodes[index].crmState = "online"
    nodes[index].offlineSince = nil
    nodes[index].lrmFrozenAt = nil
    nodes[index].isolatedView = nil
    nodes[index].maintenanceRequested = false
    scheduled.removeAll { transition in
      switch transition.action {
      case .markUnknown(name), .fence(name), .acquireAgentLock(name), .selfFence(name): true
      default: false
      }
    }
    configVersion += 1
    stopUnit(index, .pveCluster, at: time)
    startUnit(index, .corosync, at: time + 0.5, restart: false, watchdogModule: nil)
    startUnit(index, .pveCluster, at: time + 1, restart: false, watchdogModule: nil)
    log(name, .pveCluster, "[dcdb] notice: starting data syncronisation", at: time + 2, priority: 5)
    log(name, .pveCluster, "[dcdb] notice: all data is up to date", at: time + 2.1, priority: 5)
  }
}
