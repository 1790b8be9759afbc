import Foundation
import LifelineCore

/// `pvecm add HOST [--link0 ADDRESS] [--link1 ADDRESS] [--fingerprint FP] [--force]`, run on the
/// node that joins, as Proxmox's API join does it (PVE::Cluster::Setup `join`, `assert_joinable`,
/// `finish_join`; PVE::APIClient::LWP): the root password of the peer first, then the node's own
/// join checks, the peer's certificate fingerprint, and the peer's checks of the new nodelist entry.
/// The questions are answered outside the cluster lock, so a slow operator blocks nobody.
enum PvecmJoin {
  static let valueless: Set<String> = ["force", "use_ssh"]

  private struct Refusal: Error {
    var stderr: String
  }

  static func run(_ arguments: [String], layout: LabLayout, node name: String, console: JoinConsole)
    -> SimulationResult
  {
    let options = CommandLineOptions(arguments, valueless: valueless)
    guard options.positional.count == 2 else {
      return .failure("400 not enough arguments\npvecm add <hostname> [OPTIONS]")
    }
    let host = options.positional[1]
    let cwd = FileManager.default.currentDirectoryPath
    if cwd == "/etc/pve" || cwd.hasPrefix("/etc/pve/") {
      return .failure("Navigate out of /etc/pve before running 'pvecm add', for example by running 'cd'.")
    }
    if options.isSet("use_ssh") {
      return .failure("lab: the SSH join (--use_ssh) is not simulated; join over the API without it", status: 1)
    }
    let links = options.options.filter { $0.key.hasPrefix("link") }.mapValues {
      String($0.split(separator: ",").first ?? "")
    }
    var stdout = ""
    guard
      let password = console.password("Please enter superuser (root) password for '\(host)': ", shownBefore: &stdout)
    else {
      return SimulationResult(stderr: "EOF while reading password\n", status: 255)
    }
    let store = ClusterStore(layout: layout)
    var stderr = ""
    do {
      stderr += try store.update { state in
        try checkJoinable(state, node: name, links: links, force: options.isSet("force"), layout: layout)
      }
      stdout += "Establishing API connection with host '\(host)'\n"
      let peerFingerprint = try store.update { state in try peer(host, in: state, layout: layout).fingerprint }
      if let given = options.options["fingerprint"] {
        guard given.uppercased() == peerFingerprint else {
          throw Refusal(stderr: "fingerprint '\(peerFingerprint)' not verified, abort!\n")
        }
      } else {
        let answer = console.ask(
          "The authenticity of host '\(host)' can't be established.\nX509 SHA256 key fingerprint is \(peerFingerprint).\nAre you sure you want to continue connecting (yes/no)? ",
          shownBefore: &stdout)
        guard let answer, answer.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
          throw Refusal(stderr: "Fingerprint not verified, abort!\n")
        }
      }
      guard !password.isEmpty else { throw Refusal(stderr: "401 authentication failure\n") }
      stdout += "Login succeeded.\ncheck cluster join API version\n"
      stdout += try store.update { state in
        try addNode(name, through: host, links: links, force: options.isSet("force"), state: &state, layout: layout)
      }
      stdout += "waiting for quorum..."
      try waitForQuorum(name, store: store)
      stdout += "OK\n" + finishedJoin(name)
      return SimulationResult(stdout: stdout, stderr: stderr)
    } catch let refusal as Refusal {
      return SimulationResult(stdout: stdout, stderr: stderr + refusal.stderr, status: 255)
    } catch {
      return SimulationResult(stdout: stdout, stderr: stderr + "lab: \(error)\n", status: 255)
    }
  }

  /// assert_joinable: every problem is listed, and the join stops unless --force; returns the
  /// warning a forced join prints.
  private static func checkJoinable(
    _ state: ClusterState, node name: String, links: [String: String], force: Bool, layout: LabLayout
  ) throws -> String {
    guard let node = state.node(name) else { throw Refusal(stderr: "lab: unknown node \(name)\n") }
    let files = NodeFiles(lab: layout, node: layout.node(name), sshdPID: nil)
    var errors: [String] = []
    if !node.standalone { errors.append("* authentication key '/etc/corosync/authkey' already exists") }
    if files.read("/etc/pve/corosync.conf") != nil {
      errors.append("* cluster config '/etc/pve/corosync.conf' already exists")
    }
    if !node.standalone, state.guests.contains(where: { $0.node == name }) {
      errors.append("* this host already contains virtual guests")
    }
    if node.unitState(.corosync) == .active {
      errors.append("* corosync is already running, is this node already in a cluster?!")
    }
    for (link, address) in links.sorted(by: { $0.key < $1.key }) where address != node.address {
      errors.append("* \(link): cannot use IP '\(address)', not found on local node!")
    }
    guard !errors.isEmpty else { return "" }
    let report = "detected the following error(s):\n" + errors.joined(separator: "\n") + "\n"
    guard force else { throw Refusal(stderr: report + "Check if node may join a cluster failed!\n") }
    return report + "\nWARNING : detected error but forced to continue!\n\n"
  }

  /// The member `pvecm add` talks to: a running node whose API answers, and the fingerprint of
  /// the certificate its API serves, its `/etc/pve/nodes/NODE/pve-ssl.pem`.
  private static func peer(_ host: String, in state: ClusterState, layout: LabLayout) throws -> (
    node: ClusterNode, fingerprint: String
  ) {
    guard let peer = state.nodelist.first(where: { $0.name == host || $0.address == host }), peer.isRunning,
      !peer.standalone
    else {
      throw Refusal(stderr: "500 Can't connect to \(host):8006 (Connection refused)\n")
    }
    guard
      let fingerprint = try? LabAPIServer.fingerprint(
        ofCertificate: layout.pmxcfs + "/nodes/\(peer.name)/pve-ssl.pem")
    else {
      throw Refusal(stderr: "500 Can't connect to \(host):8006 (Connection refused)\n")
    }
    return (peer, fingerprint)
  }

  /// The peer's part (addnode) and the joining node's `finish_join`.
  private static func addNode(
    _ name: String, through host: String, links: [String: String], force: Bool, state: inout ClusterState,
    layout: LabLayout
  ) throws -> String {
    let (peer, _) = try peer(host, in: state, layout: layout)
    func refuse(_ message: String) -> Refusal {
      Refusal(stderr: "An error occurred on the cluster node: \(message)\nCluster join aborted!\n")
    }
    guard Membership.partition(of: peer.name, in: state)?.quorate == true else {
      throw refuse("cluster not ready - no quorum?")
    }
    guard let index = state.index(of: name) else { throw refuse("unknown node '\(name)'") }
    if state.nodes[index].inNodelist, !force { throw refuse("can't add existing node '\(name)'") }
    if let extra = links.keys.filter({ $0 != "link0" }).sorted().first {
      throw refuse("corosync: link \(extra.dropFirst(4)) specified for new node doesn't exist in cluster config")
    }
    let address = links["link0"] ?? state.nodes[index].address
    if let owner = state.nodelist.first(where: { $0.address == address && $0.name != name }) {
      throw refuse("corosync: address '\(address)' already used on link ring0_addr by node '\(owner.name)'")
    }
    var text =
      links.isEmpty ? "No cluster network links passed explicitly, fallback to local node IP '\(address)'\n" : ""
    text += "Request addition of this node\nJoin request OK, finishing setup locally\n"
    try NodeMembership.join(index, state: &state, layout: layout, at: Date().timeIntervalSince1970)
    text += """
      stopping pve-cluster service
      backup old database to '/var/lib/pve-cluster/backup/config-\(Int(Date().timeIntervalSince1970)).sql.gz'

      """
    return text
  }

  /// How long the joined node's real corosync may take to become quorate.
  static let quorumTimeout: TimeInterval = 60

  /// `finish_join` waits until the node's corosync, started with the new nodelist, is quorate.
  private static func waitForQuorum(_ name: String, store: ClusterStore) throws {
    let deadline = Date().addingTimeInterval(quorumTimeout)
    while Date() < deadline {
      if try store.update({ Membership.partition(of: name, in: $0)?.quorate == true }) { return }
      usleep(200_000)
    }
    throw Refusal(stderr: "\nlab: corosync on \(name) found no quorum within \(Int(quorumTimeout)) s\n")
  }

  private static func finishedJoin(_ name: String) -> String {
    """
    (re)generate node files
    generate new node certificate
    merge authorized SSH keys
    generated new node certificate, restart pveproxy and pvedaemon services
    successfully added node '\(name)' to cluster.

    """
  }
}
