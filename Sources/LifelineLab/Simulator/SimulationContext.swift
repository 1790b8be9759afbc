/// Where a simulated command runs: which node, at what time, and how to reach the node's files.
struct SimulationContext: Sendable {
  let layout: LabLayout
  let runtime: LabRuntime?
  let nodeName: String
  let now: Double

  var files: NodeFiles {
    NodeFiles(lab: layout, node: layout.node(nodeName), sshdPID: runtime?.node(nodeName)?.pid)
  }

  /// The node's own record; the simulator is only started for nodes the state knows.
  func node(in state: ClusterState) -> ClusterNode {
    state.node(nodeName) ?? state.nodes[0]
  }

  func partition(in state: ClusterState) -> Partition? {
    Membership.partition(of: nodeName, in: state)
  }

  func isQuorate(in state: ClusterState) -> Bool {
    partition(in: state)?.quorate ?? false
  }
}
