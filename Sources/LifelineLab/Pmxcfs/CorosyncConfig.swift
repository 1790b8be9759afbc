/// /etc/pve/corosync.conf as pvecm writes it, rendered from the nodelist.
enum CorosyncConfig {
  static func text(for state: ClusterState) -> String {
    var lines = ["logging {", "  debug: off", "  to_syslog: yes", "}", "", "nodelist {"]
    for node in state.nodelist.sorted(by: { $0.name < $1.name }) {
      lines += [
        "  node {", "    name: \(node.name)", "    nodeid: \(node.nodeID)", "    quorum_votes: \(node.votes)",
        "    ring0_addr: \(node.address)", "  }",
      ]
    }
    lines += [
      "}", "", "quorum {", "  provider: corosync_votequorum", "}", "", "totem {",
      "  cluster_name: \(state.clusterName)",
      "  config_version: \(state.configVersion)", "  interface {", "    linknumber: 0", "  }", "  ip_version: ipv4-6",
      "  link_mode: passive", "  secauth: on", "  version: 2", "}", "",
    ]
    return lines.joined(separator: "\n")
  }

  /// `cluster_name` and `config_version` from the totem section, as `pvecm status` reads them.
  static func totem(in text: String) -> (name: String?, version: Int?) {
    var name: String?
    var version: Int?
    for line in text.split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("cluster_name:") { name = trimmed.dropFirst(13).trimmingCharacters(in: .whitespaces) }
      if trimmed.hasPrefix("config_version:") {
        version = Int(trimmed.dropFirst(15).trimmingCharacters(in: .whitespaces))
      }
    }
    return (name, version)
  }
}
