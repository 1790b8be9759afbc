/// corosync-quorumtool's output blocks, which `pvecm status` and `pvecm nodes` pass through.
enum QuorumReport {
  static func label(_ name: String) -> String { name.padding(toLength: 18, withPad: " ", startingAt: 0) }

  static func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }

  /// The "Cluster information" block pvecm prints itself from corosync.conf's totem section.
  static func clusterInformation(name: String, version: Int) -> String {
    """
    Cluster information
    -------------------
    \(label("Name:"))\(name)
    \(label("Config Version:"))\(version)
    \(label("Transport:"))knet
    \(label("Secure auth:"))on

    """
  }

  /// `corosync-quorumtool -s` (with `-i` addresses instead of names, `-H` hex node IDs).
  static func status(
    node: ClusterNode, partition: Partition, state: ClusterState, now: Double, addresses: Bool, hex: Bool
  )
    -> String
  {
    var text = """
      Quorum information
      ------------------
      \(label("Date:"))\(LocalTime.ctime(now))
      \(label("Quorum provider:"))corosync_votequorum
      \(label("Nodes:"))\(partition.members.count)
      \(label("Node ID:"))\(hex ? hexID(node.nodeID) : String(node.nodeID))
      \(label("Ring ID:"))\(node.ringID)
      \(label("Quorate:"))\(partition.quorate ? "Yes" : "No")

      Votequorum information
      ----------------------
      \(label("Expected votes:"))\(partition.expectedVotes)
      \(label("Highest expected:"))\(partition.expectedVotes)
      \(label("Total votes:"))\(partition.totalVotes)
      \(label("Quorum:"))\(partition.quorum) \(partition.quorate ? " " : "Activity blocked")
      \(label("Flags:"))\(partition.quorate ? "Quorate " : "")

      Membership information
      ----------------------
      \(padLeft("Nodeid", 10)) \(padLeft("Votes", 10)) Name

      """
    for member in partition.members.compactMap({ state.node($0) }) {
      let id = hex ? hexID(member.nodeID) : padLeft(String(member.nodeID), 10)
      let name = addresses ? member.address : member.name
      text += "\(id) \(padLeft(String(member.votes), 10)) \(name)\(member.name == node.name ? " (local)" : "")\n"
    }
    return text
  }

  /// `corosync-quorumtool -l`: the membership list alone, after a blank line.
  static func nodes(node: ClusterNode, partition: Partition, state: ClusterState, addresses: Bool) -> String {
    var text =
      "\nMembership information\n----------------------\n\(padLeft("Nodeid", 10)) \(padLeft("Votes", 10)) Name\n"
    for member in partition.members.compactMap({ state.node($0) }) {
      let name = addresses ? member.address : member.name
      text +=
        "\(padLeft(String(member.nodeID), 10)) \(padLeft(String(member.votes), 10)) \(name)\(member.name == node.name ? " (local)" : "")\n"
    }
    return text
  }

  static func hexID(_ id: Int) -> String {
    let digits = String(id, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  /// `corosync-quorumtool -e N` / `pvecm expected N`: votequorum refuses values below the
  /// partition's votes and values that would make a quorate partition inquorate.
  static func setExpected(_ value: Int, from nodeName: String, in state: inout ClusterState) -> SimulationResult {
    guard let partition = Membership.partition(of: nodeName, in: state) else {
      return .failure("Cannot initialize QUORUM service", status: 1)
    }
    let staysQuorate = partition.totalVotes >= value / 2 + 1
    guard value >= partition.totalVotes, !partition.quorate || staysQuorate else {
      return .failure("Unable to set expected votes: CS_ERR_INVALID_PARAM", status: 1)
    }
    for member in partition.members {
      if let index = state.index(of: member) { state.nodes[index].expectedVotesOverride = value }
    }
    for member in partition.members {
      state.log(
        member, .corosync,
        "[QUORUM] Members[\(partition.members.count)]: \(partition.memberIDs.map(String.init).joined(separator: " "))",
        at: state.advancedTo, priority: 5)
    }
    return SimulationResult()
  }
}
