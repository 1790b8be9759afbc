/// Why a host key was not recorded.
public enum HostKeyTrustError: Error, Sendable, Hashable, CustomStringConvertible {
  /// known_hosts holds another key for the host; it is never replaced implicitly.
  case changed(HostKeyScan)
  /// known_hosts marks the offered key `@revoked`; it is never trusted again.
  case revoked(HostKeyScan)
  case cannotWrite(file: String, reason: String)

  public var description: String {
    switch self {
    case .changed(let scan):
      """
      refusing to trust \(scan.node): \(scan.knownHostsFile) records another key for \(scan.knownHostsName), and the server now offers \(scan.fingerprint).
      If the node was reinstalled (check its key on the console), remove the old entry first: ssh-keygen -R '\(scan.knownHostsName)' -f \(scan.knownHostsFile)
      """
    case .revoked(let scan):
      "refusing to trust \(scan.node): \(scan.knownHostsFile) marks the key it offers (\(scan.fingerprint)) as @revoked"
    case .cannotWrite(let file, let reason):
      "could not record the host key in \(file): \(reason)"
    }
  }
}
