import Glibc
import LifelineCore

/// Connects a new session to a node: TCP, banner and key exchange. Callers hold a
/// ``HandshakeLimiter`` permit until the session is authenticated or closed.
enum SSHHandshake {
  /// Tries twice when sshd resets the connection, as it does at random to connections beyond
  /// its `MaxStartups`; other failures are final.
  static func open(_ node: InventoryNode, knownHostsFile: String) throws(ExecutionFailure) -> SSHSession {
    var attempt = 1
    while true {
      let session = SSHSession(node: node, knownHostsFile: knownHostsFile)
      guard let failure = session.connect() else { return session }
      guard attempt == 1, failure.contains("Connection reset by peer") else {
        throw Self.failure(failure, connecting: node)
      }
      attempt += 1
      usleep(100_000)
    }
  }

  private static func failure(_ message: String, connecting node: InventoryNode) -> ExecutionFailure {
    if message.contains("Connection refused") { return .connectionRefused(address: node.address) }
    return .unreachable(address: node.address, detail: message)
  }
}
