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
      // PVE::CLI::pvecm status: its own cluster block, then `corosync-quorumtool -siH` as it is.
      var result = quorumtool(["-siH"], context: context)
      result.stdout = clusterInformation(name: totem.name, version: totem.version) + "\n" + result.stdout
      return result
    case "nodes":
      return quorumtool(["-l"], context: context)
    case "expected":
      guard options.positional.count == 2, Int(options.positional[1]) != nil else {
        return .failure("400 not enough arguments\npvecm expected <expected>", status: 255)
      }
      return quorumtool(["-e", options.positional[1]], context: context)
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

  /// The node's real `corosync-quorumtool`, run in its network namespace.
  private static func quorumtool(_ arguments: [String], context: SimulationContext) -> SimulationResult {
    do {
      return try Subprocess.runSeparately(
        CorosyncProcess.nsenter,
        ["--net=\(context.layout.networkNamespace(context.nodeName))", "--", CorosyncProcess.quorumtool] + arguments,
        timeout: CorosyncProcess.toolTimeout)
    } catch {
      return .failure("pvecm: \(error)", status: 1)
    }
  }

  /// The "Cluster information" block pvecm prints itself from corosync.conf's totem section.
  static func clusterInformation(name: String, version: Int) -> String {
    func label(_ name: String) -> String { name.padding(toLength: 18, withPad: " ", startingAt: 0) }
    return [
      "Cluster information", "-------------------", label("Name:") + name, label("Config Version:") + "\(version)",
      label("Transport:") + "knet", label("Secure auth:") + "on", "",
    ].joined(separator: "\n")
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
