import LifelineCore
import LifelineSystem

/// Opens the session a node's commands run on: handshake, strict host key check, then
/// authentication. A host key that is not exactly the recorded one stops it before anything
/// is sent to the server.
struct SSHConnector {
  var node: InventoryNode
  var credentials: SSHCredentials

  /// Holds a handshake permit throughout: sshd counts a connection against `MaxStartups` until
  /// it has authenticated.
  func connect() throws(ExecutionFailure) -> (session: SSHSession, fingerprint: String) {
    try HandshakeLimiter.shared.withPermit(for: node.address) { () throws(ExecutionFailure) in try connectNow() }
  }

  private func connectNow() throws(ExecutionFailure) -> (session: SSHSession, fingerprint: String) {
    let config = try SSHClientConfig.resolve(node, agentSocket: credentials.agentSocket)
    let node = config.node
    let knownHostsFile = Paths.expandTilde(node.knownHosts)
    let session = try SSHHandshake.open(node, knownHostsFile: knownHostsFile, proxyCommand: config.proxyCommand)
    let key = try ServerHostKey(of: session)
    switch try ServerHostKey.status(of: session, knownHostsFile: knownHostsFile, node: node) {
    case .known: break
    case .unknown: throw .hostKeyUnknown(node: node.name, fingerprint: key.fingerprint)
    case .changed: throw .hostKeyChanged(node: node.name, fingerprint: key.fingerprint)
    case .revoked: throw .hostKeyRevoked(node: node.name, fingerprint: key.fingerprint)
    }
    try SSHAuthenticator(credentials: credentials).authenticate(session, as: node)
    return (session, key.fingerprint)
  }
}
