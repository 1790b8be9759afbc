/// The cluster's QDevice as `pvecm qdevice setup ADDRESS [--force]` configures it: the `net` model
/// against a corosync-qnetd at `host`, with TLS. pvecm picks `ffsplit` (one vote) for an even
/// number of nodes and, with `--force`, `lms` (votequorum then gives it nodes - 1 votes) for an odd one.
struct QDeviceSettings: Codable, Sendable, Equatable {
  var host: String
  var algorithm: String

  init(host: String, nodeCount: Int) {
    self.host = host
    algorithm = nodeCount % 2 == 0 ? "ffsplit" : "lms"
  }

  /// The `device` subsection of `quorum`, keys sorted as `PVE::Corosync::write_conf` dumps them;
  /// `votes: 1` only with ffsplit, as pvecm writes it.
  var quorumLines: [String] {
    ["device {", "  model: net", "  net {", "    algorithm: \(algorithm)", "    host: \(host)", "    tls: on", "  }"]
      + (algorithm == "ffsplit" ? ["  votes: 1"] : []) + ["}"]
  }
}
