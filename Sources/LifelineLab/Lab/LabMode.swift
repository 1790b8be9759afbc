/// How the lab isolates its nodes. Real corosync needs network namespaces, veths and a bridge,
/// so the lab runs as root only.
public enum LabMode: String, Codable, Sendable {
  /// One mount + UTS namespace per node for its sshd on its loopback address (the management
  /// network), and one network namespace per node for its corosync (the cluster network).
  case root

  public var explanation: String {
    "root: each sshd runs in its own mount + UTS namespace, each corosync in the node's network namespace"
  }
}
