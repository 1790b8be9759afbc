/// What a changing cluster state needs from the nodes' own files: the watchdog module a booting
/// node's /etc/default/pve-ha-manager names, and whether its network files configure its cluster
/// address. Read from the lab directory, so it works from any process, node or host.
struct NodeEnvironment: Sendable {
  let layout: LabLayout

  func files(_ node: String) -> NodeFiles {
    NodeFiles(lab: layout, node: layout.node(node), sshdPID: nil)
  }

  /// The module WATCHDOG_MODULE names; nil when the line is missing (watchdog-mux loads softdog).
  func configuredWatchdogModule(_ node: String) -> String? {
    WatchdogConfig.module(in: files(node).read(WatchdogConfig.path) ?? "")
  }

  func configuresClusterAddress(_ node: ClusterNode) -> Bool {
    NetworkConfig.configuresAddress(node.address, files: files(node.name))
  }
}
