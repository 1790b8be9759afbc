/// `pvecm status|nodes|expected|delnode|add` on one node.
enum PvecmCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    let options = CommandLineOptions(arguments, valueless: ["force", "use_ssh"])
    let subcommand = options.positional.first ?? ""
    let node = context.node(in: state)
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
    case "add":
      return add(options, state: &state, context: context)
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

  /// `pvecm add`: every lab node is already a cluster member, so the join checks fail as on a
  /// real member; a node removed with delnode can join again with `--force`.
  private static func add(_ options: CommandLineOptions, state: inout ClusterState, context: SimulationContext)
    -> SimulationResult
  {
    guard options.positional.count == 2 else {
      return .failure("400 not enough arguments\npvecm add <hostname> [OPTIONS]")
    }
    let node = context.node(in: state)
    var errors: [String] = []
    if node.inNodelist {
      errors += [
        "* authentication key '/etc/corosync/authkey' already exists",
        "* cluster config '/etc/pve/corosync.conf' already exists",
      ]
    }
    if state.guests.contains(where: { $0.node == node.name }) {
      errors.append("* this host already contains virtual guests")
    }
    if node.unitState(.corosync) == .active {
      errors.append("* corosync is already running, is this node already in a cluster?!")
    }
    var output = ""
    if !errors.isEmpty {
      let report = "detected the following error(s):\n" + errors.joined(separator: "\n") + "\n"
      guard options.isSet("force"), !node.inNodelist else {
        return .failure(report + "Check if node may join a cluster failed!")
      }
      output += report + "WARNING : detected error but forced to continue!\n"
    }
    guard let index = state.index(of: node.name) else { return .failure("Cluster join aborted!") }
    state.nodes[index].inNodelist = true
    state.configVersion += 1
    output += """
      Establishing API connection with host '\(options.positional[1])'
      Login succeeded.
      check cluster join API version
      No cluster network links passed explicitly, fallback to local node IP '\(node.address)'
      Request addition of this node
      Join request OK, finishing setup locally
      stopping pve-cluster service
      backup old database to '/var/lib/pve-cluster/backup/config-\(Int(context.now)).sql.gz'
      waiting for quorum...OK
      (re)generate node files
      generate new node certificate
      merge authorized SSH keys
      generated new node certificate, restart pveproxy and pvedaemon services
      successfully added node '\(node.name)' to cluster.

      """
    return .output(output)
  }
}
