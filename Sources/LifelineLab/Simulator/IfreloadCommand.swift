/// `ifreload -a`: re-reads the node's /etc/network/interfaces (with its `source` lines); the
/// cluster link is up exactly when the bridge with the corosync address is configured again.
enum IfreloadCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    guard arguments.contains(where: { $0 == "-a" || $0 == "--all" || $0 == "-c" || $0 == "--currently-up" }) else {
      return .failure(
        "usage: ifreload [-h] (-a | -c) [-v] [-d] [-f] [-n] [-s] [--allow CLASS] [-X EXCLUDEPATS] [-w] [-l]\nifreload: error: one of the arguments -a/--all -c/--currently-up is required",
        status: 2)
    }
    guard let index = state.index(of: context.nodeName) else { return SimulationResult() }
    let linkUp = NetworkConfig.configuresAddress(state.nodes[index].address, files: context.files)
    state.reloadNetwork(index, linkUp: linkUp, at: context.now)
    return SimulationResult()
  }
}
