/// One node's sshd, as a test needs to know it.
public struct SSHServer: Sendable, Hashable {
  public var name: String
  public var host: String
  public var port: Int
  public var hostKey: SSHKeyPair
  public var configFile: String
  /// sshd's log (`-E`), at `LogLevel VERBOSE`: logins show as `Accepted publickey`.
  public var logFile: String

  public var endpoint: LoopbackEndpoint { LoopbackEndpoint(host: host, port: port) }

  /// `[host]:port`, as known_hosts names a host on a port other than 22.
  public var knownHostsName: String { "[\(host)]:\(port)" }

  /// This server's known_hosts line, or one that records `otherKey` for it instead.
  public func knownHostsEntry(recording otherKey: SSHKeyPair? = nil) -> String {
    "\(knownHostsName) \((otherKey ?? hostKey).publicKeyWithoutComment)"
  }
}
