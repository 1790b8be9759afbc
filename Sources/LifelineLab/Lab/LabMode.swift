/// How the lab isolates its nodes, chosen at `lab up` from who runs it.
public enum LabMode: String, Codable, Sendable {
  /// As root: one mount + UTS namespace per node; sshd runs as root on port 22.
  case root
  /// Without root: a user namespace (mapped to root) for the mounts, and a nested one mapped back
  /// to the caller so sshd runs as the caller and does not try privilege separation.
  case unprivileged

  public var explanation: String {
    switch self {
    case .root: "root: each sshd runs in its own mount + UTS namespace"
    case .unprivileged:
      "unprivileged: each sshd runs in its own user + mount + UTS namespaces, as the calling user"
    }
  }
}
