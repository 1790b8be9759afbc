/// `pvecm status|nodes|expected|delnode|updatecerts` on one node; `pvecm add` is ``PvecmJoin``.
enum PvecmCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    let options = CommandLineOptions(arguments, valueless: ["force", "silent", "unmerge-known-hosts"])
    let subcommand = options.positional.first ?? ""
    let node = context.node(in: state)
    if subcommand == "updatecerts" { return updateCertificates(options, node: node, state: state, context: context) }
    guard let totem = clusterConfiguration(context) else {
      return .failure(
        "Error: Corosync config '/etc/pve/corosync.conf' does not exist - is this node part of a cluster?")
    }
    switch subcommand {
    case "status":
      let header = QuorumReport.clusterInformation(name: totem.name, version: totem.version) + "\n"
      guard node.corosyncRunning, let partition = context.partition(in: state) else {
        return SimulationResult(stdout: header, stderr: "Cannot initialize CMAP service\n", status: 1)
      }
      let body = QuorumReport.status(
        node: node, partition: partition, state: state, now: context.now, addresses: true, hex: true)
      return .output(header + body, status: partition.quorate ? 0 : 2)
    case "nodes":
      guard node.corosyncRunning, let partition = context.partition(in: state) else {
        return .failure("Cannot initialize CMAP service", status: 1)
      }
      return .output(QuorumReport.nodes(node: node, partition: partition, state: state, addresses: false))
    case "expected":
      guard options.positional.count == 2, let value = Int(options.positional[1]) else {
        return .failure("400 not enough arguments\npvecm expected <expected>", status: 255)
      }
      guard node.corosyncRunning else { return .failure("Cannot initialize QUORUM service", status: 1) }
      return QuorumReport.setExpected(value, from: node.name, in: &state)
    case "delnode":
      guard options.positional.count == 2 else {
        return .failure("400 not enough arguments\npvecm delnode <node>", status: 255)
      }
      return deleteNode(options.positional[1], state: &state, context: context)
    default:
      return .failure(
        """
        ERROR: unknown command 'pvecm \(arguments.joined(separator: " "))'
        USAGE: pvecm <COMMAND> [ARGS] [OPTIONS]
               pvecm add <hostname> [OPTIONS]
               pvecm delnode <node>
               pvecm expected <expected>
               pvecm nodes
               pvecm status
               pvecm updatecerts [OPTIONS]
        """)
    }
  }

  /// The totem settings pvecm reads from /etc/pve/corosync.conf; nil when the file is gone.
  private static func clusterConfiguration(_ context: SimulationContext) -> (name: String, version: Int)? {
    guard let text = context.files.read("/etc/pve/corosync.conf") else { return nil }
    let totem = CorosyncConfig.totem(in: text)
    return (totem.name ?? "", totem.version ?? 0)
  }

  private static func deleteNode(_ target: String, state: inout ClusterState, context: SimulationContext)
    -> SimulationResult
  {
    let local = context.node(in: state)
    guard let victim = state.nodelist.first(where: { $0.name == target || $0.address == target }) else {
      return .failure("Node/IP: \(target) is not a known host of the cluster.")
    }
    if victim.name == local.name { return .failure("Cannot delete myself from cluster!") }
    guard context.isQuorate(in: state) else { return .failure("cluster not ready - no quorum?") }
    if context.partition(in: state)?.members.contains(victim.name) == true {
      return .failure(
        "cannot delete node '\(victim.name)': it is still an online cluster member - shut it down first (lab: real pvecm would kill its corosync)"
      )
    }
    guard let index = state.index(of: victim.name) else {
      return .failure("Node/IP: \(target) is not a known host of the cluster.")
    }
    state.nodes[index].inNodelist = false
    state.configVersion += 1
    let time = context.now
    for member in context.partition(in: state)?.members ?? [] {
      state.log(
        member, .pveCluster,
        "[dcdb] notice: wrote new corosync config '/etc/corosync/corosync.conf' (version = \(state.configVersion))",
        at: time, priority: 5)
      state.log(
        member, .corosync, "[CFG   ] Config reload requested by node \(local.nodeID)", at: time + 0.1, priority: 5)
      state.log(member, .corosync, "[TOTEM ] Configuring link 0", at: time + 0.11)
    }
    state.log(local.name, nil, "deleting node \(victim.name) from cluster", at: time, identifier: "pvecm", pid: 48_211)
    return SimulationResult(
      stdout: "Killing node \(victim.nodeID)\n", stderr: "Could not kill node (error = CS_ERR_NOT_EXIST)\n", status: 0)
  }

  /// `pvecm updatecerts [--force] [--silent] [--unmerge-known-hosts]` (updatecerts_and_ssh): with
  /// /etc/pve writable (quorate, or a node in no cluster), it regenerates the node's files and
  /// merges its root key and host key into the cluster's SSH files.
  private static func updateCertificates(
    _ options: CommandLineOptions, node: ClusterNode, state: ClusterState, context: SimulationContext
  ) -> SimulationResult {
    let silent = options.isSet("silent")
    guard node.standalone || context.isQuorate(in: state) else {
      return silent ? SimulationResult() : .failure("no quorum - unable to update files")
    }
    do {
      try PmxcfsWriter.mergeSSHKeys(of: node, layout: context.layout, into: context.files.hostPath("/etc/pve"))
    } catch {
      return .failure("unable to update files - \(error)")
    }
    guard !silent else { return SimulationResult() }
    var lines = ["(re)generate node files"]
    if options.isSet("force") { lines.append("generate new node certificate") }
    lines.append("merge authorized SSH keys")
    if options.isSet("unmerge-known-hosts") { lines.append("unmerge SSH known hosts") }
    return .output(lines.joined(separator: "\n") + "\n")
  }
}
