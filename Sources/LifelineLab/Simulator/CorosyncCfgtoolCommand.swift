/// `corosync-cfgtool -s|-n|-b`: link status of the local node toward every nodelist member.
enum CorosyncCfgtoolCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    let letters = Set(arguments.filter { $0.hasPrefix("-") }.flatMap { $0.dropFirst() })
    let node = context.node(in: state)
    guard node.corosyncRunning else {
      return .failure("Could not initialize corosync configuration API error 2", status: 1)
    }
    let reachable = Set(context.partition(in: state)?.members ?? [node.name])
    let peers = state.nodelist.sorted { $0.nodeID < $1.nodeID }
    var text = "Local node ID \(node.nodeID), transport knet\n"
    if letters.contains("n") {
      for peer in peers where peer.name != node.name && reachable.contains(peer.name) {
        text += "nodeid: \(peer.nodeID) reachable\n"
        text += "   LINK: 0 udp (\(node.address)->\(peer.address)) enabled connected mtu: 1397\n\n"
      }
      return .output(text)
    }
    if letters.contains("s") || letters.contains("b") || letters.isEmpty {
      text += "LINK ID 0 udp\n\taddr\t= \(node.address)\n"
      if letters.contains("b") {
        let codes = peers.map { peer in peer.name == node.name ? "n" : reachable.contains(peer.name) ? "3" : "1" }
        text += "\tstatus\t= \(codes.joined())\n"
      } else {
        text += "\tstatus:\n"
        for peer in peers {
          let id = QuorumReport.padLeft(String(peer.nodeID), 10)
          let status =
            peer.name == node.name ? "localhost" : reachable.contains(peer.name) ? "connected" : "disconnected"
          text += "\t\tnodeid: \(id):\t\(status)\n"
        }
      }
      return .output(text)
    }
    return .failure(
      "corosync-cfgtool [[-i <IP address>] [-b] [-s] [-n] [-R] [-L] [-k nodeid] [-a nodeid] [-h] [-H] [--force]",
      status: 1)
  }
}
