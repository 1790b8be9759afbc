/// How a server's host key compares with the node's known_hosts file.
public enum HostKeyStatus: String, Sendable, Hashable {
  /// The file records this very key for the host.
  case known
  /// The file records no key for the host.
  case unknown
  /// The file records another key for the host: a reinstalled node or a man in the middle.
  case changed
  /// The file marks this very key `@revoked`: it is refused, whatever else the file says.
  case revoked
}
