import Foundation

/// The inventory YAML for the lab's nodes, in the format docs/inventory.md describes.
enum InventoryFile {
  static func text(cluster: String, nodes: [LabRuntime.Node], user: String, lab: LabLayout) -> String {
    let port = nodes.first?.port ?? 22
    var lines = [
      "# Written by 'lifeline lab up'; removed by 'lifeline lab down'.",
      "cluster: \(cluster)",
      "defaults: {user: \(user), port: \(port), identity: \(lab.clientKey), known_hosts: \(lab.knownHosts), connect_timeout: 10s}",
    ]
    if let first = nodes.first, let fingerprint = first.apiFingerprint {
      lines.append(
        "api: {url: \"https://\(first.address):\(LabAPIServer.standardPort)\", token_id: \"\(LabAPIServer.tokenID)\", "
          + "token_file: \(lab.apiToken), fingerprint: \"\(fingerprint)\"}")
    }
    lines.append("nodes:")
    let width = (nodes.map(\.name.count).max() ?? 0) + 1
    for node in nodes {
      let key = (node.name + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0)
      let portText = node.port == port ? "" : ", port: \(node.port)"
      let api = node.apiFingerprint.map {
        ", api_url: \"https://\(node.address):\(LabAPIServer.standardPort)\", api_fingerprint: \"\($0)\""
      }
      lines.append("  \(key){host: \(node.address)\(portText)\(api ?? "")}")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// known_hosts lines: bare address for port 22, `[address]:port` otherwise.
  static func knownHosts(nodes: [(address: String, port: Int, key: String)]) -> String {
    nodes.map { node in
      let host = node.port == 22 ? node.address : "[\(node.address)]:\(node.port)"
      return "\(host) \(node.key)\n"
    }.joined()
  }
}
