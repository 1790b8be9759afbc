/// `corosync-quorumtool -s|-l|-e N` with `-i` (addresses) and `-H` (hex node IDs).
enum QuorumToolCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    let letters = Set(arguments.filter { $0.hasPrefix("-") }.flatMap { $0.dropFirst() })
    let node = context.node(in: state)
    guard node.corosyncRunning, let partition = context.partition(in: state) else {
      return .failure("Cannot initialize CMAP service", status: 1)
    }
    if letters.contains("e") {
      guard let value = arguments.compactMap(Int.init).first else {
        return .failure("Expected votes value missing", status: 1)
      }
      return QuorumReport.setExpected(value, from: node.name, in: &state)
    }
    if letters.contains("l") {
      return .output(
        QuorumReport.nodes(node: node, partition: partition, state: state, addresses: letters.contains("i")))
    }
    let text = QuorumReport.status(
      node: node, partition: partition, state: state, now: context.now, addresses: letters.contains("i"),
      hex: letters.contains("H"))
    return .output(text, status: partition.quorate ? 0 : 2)
  }
}
