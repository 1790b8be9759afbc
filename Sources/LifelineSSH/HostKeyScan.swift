/// The host key a node's server offers, and how it compares with the node's known_hosts file:
/// what `lifeline trust NODE` shows the operator before anything is recorded.
public struct HostKeyScan: Sendable, Hashable {
  public var node: String
  /// The host as known_hosts names it: `host`, or `[host]:port` on a port other than 22.
  public var knownHostsName: String
  /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, …
  public var keyType: String
  /// `SHA256:…`, as `ssh-keygen -lf` prints it.
  public var fingerprint: String
  public var status: HostKeyStatus
  /// The node's known_hosts file, `~` expanded.
  public var knownHostsFile: String
  /// The line ``HostKeyTrust/record(_:)`` appends: exactly the key that was scanned, so what
  /// gets recorded is what the operator compared.
  public var knownHostsEntry: String
}
