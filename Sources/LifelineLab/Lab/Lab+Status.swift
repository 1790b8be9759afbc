import Foundation

/// What `lab status` reports.
extension Lab {
  public func status() throws -> LabStatus {
    let runtime = try LabRuntime.load(layout)
    let state = try ClusterStore(layout: layout).read()
    let nodes = state.nodes.map { node -> LabNodeStatus in
      let process = runtime.node(node.name)
      let alive = process?.pid.map(ProcessTable.isAlive) ?? false
      let partition = Membership.partition(of: node.name, in: state)
      return LabNodeStatus(
        name: node.name, address: process?.address ?? node.address, port: process?.port ?? 22,
        pid: alive ? process?.pid : nil,
        sshd: alive ? (process?.pid.map(ProcessTable.isStopped) == true ? "stopped (hang)" : "running") : "not running",
        faults: node.faults, power: node.power.rawValue, members: partition?.members ?? [],
        votes: partition?.totalVotes ?? 0, expectedVotes: partition?.expectedVotes ?? state.configuredExpectedVotes,
        quorate: partition?.quorate ?? false, haState: node.inNodelist ? node.crmState : "deleted",
        guestsRunning: state.guests.filter { $0.node == node.name && $0.running }.count,
        guests: state.guests.filter { $0.node == node.name }.count)
    }
    let shared = state.storage(Seed.sharedStorage)
    let percent = shared.map { Double(StorageUsage.used($0, layout: layout)) / Double($0.totalBytes) * 100 } ?? 0
    let present = Set(
      BackupDirectory(path: layout.storageDirectory(Seed.sharedStorage) + "/dump").archives().map(\.fileName))
    return LabStatus(
      directory: layout.root, mode: runtime.mode, timeScale: state.timeScale, cluster: state.clusterName, nodes: nodes,
      master: state.crmMaster,
      services: state.haResources.sorted { $0.sid < $1.sid }.map {
        "\($0.sid) (\($0.node), \(HAStatusView.displayState($0)))"
      },
      sharedStoragePercent: percent, storageFull: state.storageFullFiles.contains(where: present.contains))
  }
}
