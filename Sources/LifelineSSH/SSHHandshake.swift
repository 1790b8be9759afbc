import Glibc
import LifelineCore

/// Connects a new session to a node: TCP, banner and key exchange. Callers hold a
/// ``HandshakeLimiter`` permit until the session is authenticated or closed.
enum SSHHandshake {
  /// Tries twice when sshd resets the connection, as it does at random to connections beyond
  /// its `MaxStartups`; other failures are final.
  static func open(_ node: InventoryNode, knownHostsFile: String, proxyCommand: String? = nil) throws(ExecutionFailure)
    -> SSHSession
  {
    var attempt = 1
    while true {
      let session = SSHSession(node: node, knownHostsFile: knownHostsFile, proxyCommand: proxyCommand)
      guard let failure = session.connect() else { return session }
      guard attempt == 1, failure.contains("Connection reset by peer") else {
        throw Self.failure(failure, connecting: node)
      }
      attempt += 1
      usleep(100_000)
    }
  }

  /// Tells libssh's failures apart by its messages (src/connect.c, src/socket.c, src/client.c
  /// of libssh 0.10), so that a typo, a port that is no SSH server and a server that hangs up
  /// are not all reported as "unreachable".
  static func failure(_ message: String, connecting node: InventoryNode) -> ExecutionFailure {
    let lowered = message.lowercased()
    if lowered.contains("connection refused") { return .connectionRefused(address: node.address) }
    if lowered.contains("failed to resolve hostname") { return .unknownHost(host: node.host, detail: message) }
    if ["timeout", "timed out", "no route to host", "network is unreachable", "host is unreachable"].contains(
      where: lowered.contains)
    {
      return .unreachable(address: node.address, detail: message)
    }
    if ["disconnected", "connection reset", "connection closed", "broken pipe"].contains(where: lowered.contains) {
      return .disconnected(address: node.address, detail: message)
    }
    return .protocolError(address: node.address, detail: message)
  }
}
