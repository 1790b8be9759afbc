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

  /// The interface of link `number` inside a node's namespace.
  static func interface(link number: Int) -> String { "lan\(number)" }

  /// Creates the switch and every node's namespace and links.
  static func create(_ lab: LabLayout, nodes: [(name: String, nodeID: Int, address: String)]) throws {
    try FileManager.default.createDirectory(atPath: lab.networkNamespaces, withIntermediateDirectories: true)
    try createNamespace(lab.switchNamespace)
    try run(lab.switchNamespace, "\(ip) link add br0 type bridge && \(ip) link set br0 up && \(ip) link set lo up")
    for node in nodes {
      let namespace = lab.networkNamespace(node.name)
      try createNamespace(namespace)
      let port = "n\(node.nodeID)l0"
      let q = ShellQuote.quote
      try run(
        namespace,
        [
          "\(ip) link set lo up", "\(ip) addr del 127.0.0.1/8 dev lo", "\(ip) addr add 127.0.0.1/32 dev lo",
          "\(sysctl) -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.default.route_localnet=1",
          "\(ip) link add lan0 type veth peer name \(port) netns \(q(lab.switchNamespace))",
          "\(ip) addr add \(q(node.address))/24 dev lan0", "\(ip) link set lan0 up",
        ].joined(separator: " && "))
      try run(lab.switchNamespace, "\(ip) link set \(port) master br0 && \(ip) link set \(port) up")
    }
  }

  /// Takes a node's cluster link up or down, as a pulled cable or a missing bridge config would.
  static func setLink(_ lab: LabLayout, node: String, up: Bool) throws {
    try run(lab.networkNamespace(node), "\(ip) link set lan0 \(up ? "up" : "down")")
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

  private static func run(_ namespace: String, _ script: String) throws {
    let result = try Subprocess.run(CorosyncProcess.nsenter, ["--net=\(namespace)", "--", "/bin/sh", "-c", script])
    guard result.succeeded else {
      throw LabError.cannotRun("ip in \((namespace as NSString).lastPathComponent)'s namespace", result.output)
    }
  }
}
