/// Where the lab's simulated parts learn membership and quorum: each node's corosync view.
/// ``CorosyncMembershipSource`` asks the real corosync of every node; the cluster store refreshes
/// the views from it before every change, so a partition corosync sees is the one HA acts on.
protocol MembershipSource: Sendable {
  /// The view of every node whose corosync answers, by node name. A node whose corosync is not
  /// running, frozen or not answering has none.
  func views(of state: ClusterState) -> [String: CorosyncView]
}
