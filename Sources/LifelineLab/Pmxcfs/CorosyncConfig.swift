/// corosync.conf as pvecm writes it (`PVE::Corosync::create_conf` and `pvecm add`), rendered from
/// the nodelist: /etc/pve/corosync.conf, and the copy in each node's /etc/corosync that its real
/// corosync reads.
enum CorosyncConfig {
  /// /etc/pve/corosync.conf.
  static func text(for state: ClusterState) -> String {
    render(state, logging: ["debug: off", "to_syslog: yes"], totem: [])
  }

  /// The node's /etc/corosync/corosync.conf, which pmxcfs would copy verbatim from /etc/pve. The
  /// lab's copy differs in two places: corosync logs to stderr with millisecond timestamps (the lab keeps that
  /// as the node's corosync journal; there is no syslog), and a time scale below 1 shortens the
  /// token (see ``CorosyncTiming``).
  static func nodeText(for state: ClusterState) -> String {
    let timing = CorosyncTiming(timeScale: state.timeScale)
    return render(
      state, logging: ["debug: off", "to_stderr: yes", "to_syslog: no", "timestamp: hires"], totem: timing.totemLines)
  }

  /// One item per line: corosync's parser refuses several on one line.
  private static func render(_ state: ClusterState, logging: [String], totem: [String]) -> String {
    var lines = ["logging {"] + logging.map { "  " + $0 } + ["}", "", "nodelist {"]
    for node in state.nodelist.sorted(by: { $0.name < $1.name }) {
      lines += [
        "  node {", "    name: \(node.name)", "    nodeid: \(node.nodeID)", "    quorum_votes: \(node.votes)",
        "    ring0_addr: \(node.address)",
      ]
      if let ring1 = node.ring1Address { lines.append("    ring1_addr: \(ring1)") }
      lines.append("  }")
    }
    lines += ["}", "", "quorum {"] + (state.qdevice?.quorumLines ?? []).map { "  " + $0 }
    lines += ["  provider: corosync_votequorum", "}", "", "totem {"]
    lines += ["  cluster_name: \(state.clusterName)", "  config_version: \(state.configVersion)"]
    // One interface section per link, in link order, as PVE::Corosync::write_conf dumps them.
    let links = state.nodelist.contains { $0.ring1Address != nil } ? [0, 1] : [0]
    for link in links { lines += ["  interface {", "    linknumber: \(link)", "  }"] }
    lines += ["  ip_version: ipv4-6", "  link_mode: passive", "  secauth: on"]
    lines += totem.map { "  " + $0 }
    lines += ["  version: 2", "}", ""]
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
