/// Works out corosync memberships from node power, corosync units and cluster links: every node
/// whose link is up shares one partition; a node whose link is down is alone in its own.
enum Membership {
  static func partitions(_ state: ClusterState) -> [Partition] {
    let participants = state.nodes.filter(\.corosyncRunning).sorted { $0.nodeID < $1.nodeID }
    let linked = participants.filter(\.linkUp)
    var groups: [[ClusterNode]] = linked.isEmpty ? [] : [linked]
    groups += participants.filter { !$0.linkUp }.map { [$0] }
    return groups.map { group in
      let expected = group.map { $0.expectedVotesOverride ?? state.configuredExpectedVotes }.max() ?? 0
      return Partition(
        members: group.map(\.name), memberIDs: group.map(\.nodeID),
        totalVotes: group.reduce(0) { $0 + $1.votes }, expectedVotes: expected)
    }
  }

  /// The partition a node belongs to; nil while its corosync is not running.
  static func partition(of node: String, in state: ClusterState) -> Partition? {
    partitions(state).first { $0.members.contains(node) }
  }

  /// Where the HA stack works: the quorate partition holding the CRM master, else the quorate
  /// partition with the most votes.
  static func crmPartition(_ state: ClusterState) -> Partition? {
    let quorate = partitions(state).filter(\.quorate)
    if let master = state.crmMaster, let withMaster = quorate.first(where: { $0.members.contains(master) }) {
      return withMaster
    }
    return quorate.max { $0.totalVotes < $1.totalVotes }
  }
}
