/// Groups the nodes into corosync memberships from the views their real corosync reported
/// (``ClusterState/corosync``): nodes that report the same ring and members share one partition.
/// A node without a view (corosync stopped, frozen or not answering) is in none.
enum Membership {
  static func partitions(_ state: ClusterState) -> [Partition] {
    var groups: [[String]: (view: CorosyncView, names: [String])] = [:]
    var order: [[String]] = []
    for node in state.nodes.sorted(by: { $0.nodeID < $1.nodeID }) {
      guard let view = state.corosync[node.name] else { continue }
      let key = [view.ringID] + view.members.map(String.init)
      if groups[key] == nil {
        groups[key] = (view, [])
        order.append(key)
      }
      groups[key]?.names.append(node.name)
    }
    return order.compactMap { key in
      guard let (view, _) = groups[key] else { return nil }
      let members = view.members.compactMap { id in state.nodes.first { $0.nodeID == id } }
      return Partition(
        members: members.map(\.name), memberIDs: members.map(\.nodeID), ringID: view.ringID,
        totalVotes: view.totalVotes, expectedVotes: view.expectedVotes, quorum: view.quorum, quorate: view.quorate)
    }
  }

  /// The partition a node belongs to; nil while its corosync does not answer.
  static func partition(of node: String, in state: ClusterState) -> Partition? {
    guard let view = state.corosync[node] else { return nil }
    return partitions(state).first { $0.ringID == view.ringID && $0.memberIDs == view.members }
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
