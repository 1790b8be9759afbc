import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The lab's cluster network: a switch namespace with one bridge per corosync link, and per node a
/// network namespace with one veth per link (`lan0`, `lan1`) plugged into that bridge. Each node
/// keeps its loopback address of the management network (127.x) on its cluster links too, so the
/// nodelist, `pvecm status -i` and `corosync-cfgtool` show the addresses runbooks use; inside the
/// node's namespace `lo` holds only 127.0.0.1/32 and `route_localnet` lets 127.x cross the veths.
/// Nothing here touches the host's own interfaces or routes: every interface lives in the lab's
/// namespaces, whose names are files in the lab directory, so labs never collide.
enum ClusterNetwork {
  static let ip = "/usr/sbin/ip"
  static let sysctl = "/usr/sbin/sysctl"

  /// A node's link1 address (`ring1_addr`): the same last octet as its link0 address on a second
  /// network, 10.20.20.0/24, which exists only inside the lab's namespaces, so labs never collide.
  static func secondLinkAddress(for link0: String) -> String {
    "10.20.20." + (link0.split(separator: ".").last.map(String.init) ?? "1")
  }

  /// The interface of link `number` inside a node's namespace.
  static func interface(link number: Int) -> String { "lan\(number)" }

  static let nft = "/usr/sbin/nft"
  /// The nftables table the packet-loss fault keeps in a node's namespace.
  static let lossTable = "lifeline_lab_loss"

  /// Creates the switch and every node's namespace and links: link N of each node is `lanN` in its
  /// namespace, on bridge `brN` of the switch, with the node's N-th address (ring0_addr, ring1_addr).
  static func create(_ lab: LabLayout, nodes: [(name: String, nodeID: Int, addresses: [String])]) throws {
    try FileManager.default.createDirectory(atPath: lab.networkNamespaces, withIntermediateDirectories: true)
    try createNamespace(lab.switchNamespace)
    let bridges = (0..<(nodes.map(\.addresses.count).max() ?? 1)).map { "br\($0)" }
    try run(
      lab.switchNamespace,
      (bridges.map { "\(ip) link add \($0) type bridge && \(ip) link set \($0) up" } + ["\(ip) link set lo up"])
        .joined(separator: " && "))
    for node in nodes {
      try attach(
        lab, namespace: lab.networkNamespace(node.name),
        links: node.addresses.enumerated().map { (address: $0.element, port: port(node.nodeID, link: $0.offset)) })
    }
  }

  /// Creates the namespace of one host of the cluster network, with `lanN` at `links[N].address` on
  /// bridge `brN`, whose end in the switch is `links[N].port`.
  static func attach(_ lab: LabLayout, namespace: String, links: [(address: String, port: String)]) throws {
    let q = ShellQuote.quote
    try createNamespace(namespace)
    var script = [
      "\(ip) link set lo up", "\(ip) addr del 127.0.0.1/8 dev lo", "\(ip) addr add 127.0.0.1/32 dev lo",
      "\(sysctl) -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.default.route_localnet=1",
    ]
    for (link, end) in links.enumerated() {
      let lan = interface(link: link)
      script += [
        "\(ip) link add \(lan) type veth peer name \(end.port) netns \(q(lab.switchNamespace))",
        "\(ip) addr add \(q(end.address))/24 dev \(lan)", "\(ip) link set \(lan) up",
      ]
    }
    try run(namespace, script.joined(separator: " && "))
    try run(
      lab.switchNamespace,
      links.enumerated().map {
        "\(ip) link set \($0.element.port) master br\($0.offset) && \(ip) link set \($0.element.port) up"
      }
      .joined(separator: " && "))
  }

  /// The switch's end of a node's link.
  private static func port(_ nodeID: Int, link: Int) -> String { "n\(nodeID)l\(link)" }

  /// Takes one of a node's cluster links up or down, as a pulled cable or a missing bridge config would.
  static func setLink(_ lab: LabLayout, node: String, link: Int, up: Bool) throws {
    try run(lab.networkNamespace(node), "\(ip) link set \(interface(link: link)) \(up ? "up" : "down")")
  }

  /// Drops `percent` of the node's UDP packets (corosync's knet traffic) on all its cluster links,
  /// in both directions, with a random nftables match in its namespace; nil removes the rule.
  static func setPacketLoss(_ lab: LabLayout, node: String, percent: Int?) throws {
    let namespace = lab.networkNamespace(node)
    var script = ["\(nft) delete table inet \(lossTable) 2>/dev/null || true"]
    if let percent {
      let q = ShellQuote.quote
      let drop = "meta l4proto udp numgen random mod 100 < \(percent) drop"
      script += [
        "\(nft) add table inet \(lossTable)",
        "\(nft) add chain inet \(lossTable) input \(q("{ type filter hook input priority 0; }"))",
        "\(nft) add chain inet \(lossTable) output \(q("{ type filter hook output priority 0; }"))",
        "\(nft) add rule inet \(lossTable) input \(q("iifname \"lan*\" " + drop))",
        "\(nft) add rule inet \(lossTable) output \(q("oifname \"lan*\" " + drop))",
      ]
    }
    try run(namespace, script.joined(separator: " && "), program: nft)
  }

  /// Removes every namespace of the lab (their interfaces go with them). Also cleans up after a
  /// crashed lab: whatever namespace files are left are unmounted and removed.
  static func remove(_ lab: LabLayout) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: lab.networkNamespaces)) ?? []
    for name in names {
      let path = lab.networkNamespaces + "/" + name
      umount2(path, Int32(MNT_DETACH))
      unlink(path)
    }
    rmdir(lab.networkNamespaces)
  }

  private static func createNamespace(_ path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: Data()) else {
      throw LabError.io("cannot create \(path)")
    }
    let result = try Subprocess.run(CorosyncProcess.unshare, ["--net=\(path)", "/bin/true"])
    guard result.succeeded else { throw LabError.cannotRun(CorosyncProcess.unshare, result.output) }
  }

  private static func run(_ namespace: String, _ script: String, program: String = ip) throws {
    let result = try Subprocess.run(CorosyncProcess.nsenter, ["--net=\(namespace)", "--", "/bin/sh", "-c", script])
    guard result.succeeded else {
      throw LabError.cannotRun("\(program) in \((namespace as NSString).lastPathComponent)'s namespace", result.output)
    }
  }
}
