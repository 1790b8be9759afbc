import Foundation

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

  /// Asks every 100 ms until `condition` holds on the views or `limit` seconds have passed;
  /// returns the last views, whether the condition held, and the seconds it took.
  func poll(
    _ state: ClusterState, within limit: TimeInterval, until condition: ([String: CorosyncView]) -> Bool
  ) -> (views: [String: CorosyncView], held: Bool, elapsed: TimeInterval) {
    let start = Date()
    var views: [String: CorosyncView] = [:]
    while Date().timeIntervalSince(start) < limit {
      views = self.views(of: state)
      if condition(views) { return (views, true, Date().timeIntervalSince(start)) }
      usleep(100_000)
    }
    return (views, false, Date().timeIntervalSince(start))
  }
}
