@testable import LifelineLab

/// A stand-in for the real corosync in tests of the HA timeline on a state alone (no lab, no
/// namespaces): every running node whose link is up shares one membership, a node whose link is
/// down is alone, and votequorum's majority rule decides quorum — what the real corosync shows
/// once the token has timed out.
struct ModelledCorosync: MembershipSource {
  func views(of state: ClusterState) -> [String: CorosyncView] {
    let running = state.nodes.filter(\.corosyncRunning).sorted { $0.nodeID < $1.nodeID }
    var groups = [running.filter(\.linkUp)].filter { !$0.isEmpty }
    groups += running.filter { !$0.linkUp }.map { [$0] }
    var views: [String: CorosyncView] = [:]
    for group in groups {
      let expected = state.configuredExpectedVotes
      let votes = group.reduce(0) { $0 + $1.votes }
      for node in group {
        views[node.name] = CorosyncView(
          nodeID: node.nodeID, ringID: "\(group[0].nodeID).\(group.count)", quorate: votes >= expected / 2 + 1,
          expectedVotes: expected, totalVotes: votes, quorum: expected / 2 + 1, members: group.map(\.nodeID))
      }
    }
    return views
  }

  /// Lets the modelled corosync see the state's nodes, then reconciles, as the cluster store does.
  static func settle(_ state: inout ClusterState, at time: Double) {
    state.corosync = ModelledCorosync().views(of: state)
    state.reconcile(at: time)
  }
}
