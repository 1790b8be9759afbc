/// Asks every node's real corosync for its view (`corosync-quorumtool -s -p` in the node's network
/// namespace). A frozen corosync is not asked (it would not answer); one that does not answer in
/// time, or prints no report, gives no view.
struct CorosyncMembershipSource: MembershipSource {
  let layout: LabLayout

  func views(of state: ClusterState) -> [String: CorosyncView] {
    var views: [String: CorosyncView] = [:]
    for node in state.nodes {
      guard let pid = CorosyncProcess.pid(layout.node(node.name)), !ProcessTable.isStopped(pid),
        let result = try? CorosyncProcess.tool(CorosyncProcess.quorumtool, ["-s", "-p"], node: node.name, lab: layout),
        result.status == 0 || result.status == 2, let view = CorosyncView(quorumtool: result.output)
      else { continue }
      views[node.name] = view
    }
    return views
  }
}
