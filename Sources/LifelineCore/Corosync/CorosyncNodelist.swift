/// The nodes of a cluster as its `/etc/pve/corosync.conf` lists them: what `lifeline init`
/// takes the inventory's node names and addresses from.
///
/// corosync.conf is corosync's own format (corosync.conf(5)): sections `name {` … `}`, nested,
/// and `key: value` items, one per line; `#` starts a comment line. Proxmox writes it
/// with `pvecm create` and `pvecm add` (`PVE::Corosync`): one `node { }` per member in
/// `nodelist { }`, each with `name`, `nodeid`, `quorum_votes` and one `ringN_addr` per link;
/// `cluster_name` is in `totem { }`. Other sections and items are skipped.
public struct CorosyncNodelist: Sendable, Hashable {
  public struct Node: Sendable, Hashable {
    /// The node's name as Proxmox knows it (`name`; a node without one is named by its
    /// `ring0_addr`, as `PVE::Corosync` does).
    public var name: String
    public var nodeID: Int?
    /// `ring0_addr`: the address of the first corosync link, which Proxmox also uses for SSH
    /// between the nodes and the API.
    public var address: String
  }

  /// Why a file cannot be read as a corosync.conf, and on which line.
  public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
  }

  /// `cluster_name` of the totem section; nil when the file has none.
  public var clusterName: String?
  /// In the order the file lists them.
  public var nodes: [Node]

  public init(clusterName: String?, nodes: [Node]) {
    self.clusterName = clusterName
    self.nodes = nodes
  }

  public static func parse(_ text: String) throws(ParseError) -> CorosyncNodelist {
    var sections: [String] = []
    var clusterName: String?
    var nodes: [Node] = []
    var current: [String: String] = [:]
    var currentLine = 0
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let number = index + 1
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasSuffix("{") {
        let name = line.dropLast().trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(" ") else {
          throw ParseError(line: number, message: "'\(line)' opens a section without a name")
        }
        sections.append(name)
        if sections == ["nodelist", "node"] {
          current = [:]
          currentLine = number
        }
        continue
      }
      if line == "}" {
        guard !sections.isEmpty else { throw ParseError(line: number, message: "'}' closes no section") }
        if sections == ["nodelist", "node"] { nodes.append(try node(current, line: currentLine)) }
        sections.removeLast()
        continue
      }
      guard let colon = line.firstIndex(of: ":") else {
        throw ParseError(line: number, message: "'\(line)' is neither 'key: value', a section nor '}'")
      }
      let key = line[..<colon].trimmingCharacters(in: .whitespaces)
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      if sections == ["nodelist", "node"] {
        current[key] = value
      } else if sections == ["totem"], key == "cluster_name" {
        clusterName = value
      }
    }
    if let open = sections.last {
      throw ParseError(line: text.split(separator: "\n").count, message: "section '\(open)' is not closed")
    }
    guard !nodes.isEmpty else { throw ParseError(line: 1, message: "no 'node { }' in a 'nodelist { }' section") }
    return CorosyncNodelist(clusterName: clusterName, nodes: nodes)
  }

  private static func node(_ items: [String: String], line: Int) throws(ParseError) -> Node {
    guard let address = items["ring0_addr"], !address.isEmpty else {
      throw ParseError(line: line, message: "this node has no ring0_addr")
    }
    var nodeID: Int?
    if let text = items["nodeid"] {
      guard let number = Int(text) else { throw ParseError(line: line, message: "nodeid '\(text)' is not a number") }
      nodeID = number
    }
    return Node(name: items["name"] ?? address, nodeID: nodeID, address: address)
  }
}
