import CLibSSH
import Foundation
import LifelineCore
import LifelineSystem

/// The host key trust that `lifeline trust NODE` offers: look at the key a node's server offers,
/// let the operator compare it with the node's own, then record it.
public enum HostKeyTrust {
  /// Connects to the node without authenticating and reports its host key and how it compares
  /// with the node's known_hosts file. Nothing is written.
  public static func scan(_ node: InventoryNode) async throws(ExecutionFailure) -> HostKeyScan {
    let result: Result<HostKeyScan, ExecutionFailure> = await withCheckedContinuation { continuation in
      // The handshake blocks; it gets a thread of its own, as node connections do.
      let scanner = Thread {
        continuation.resume(returning: Result { () throws(ExecutionFailure) in try scanNow(node) })
      }
      scanner.name = "ssh scan"
      scanner.start()
    }
    return try result.get()
  }

  /// Records the scanned key in the node's known_hosts file, which the operator has compared.
  /// A known key needs nothing; a changed one is refused: its old entry must be removed first.
  public static func record(_ scan: HostKeyScan) throws(HostKeyTrustError) {
    switch scan.status {
    case .known: return
    case .changed: throw .changed(scan)
    case .revoked: throw .revoked(scan)
    case .unknown: try KnownHostsFile(path: scan.knownHostsFile).append(scan.knownHostsEntry)
    }
  }

  private static func scanNow(_ node: InventoryNode) throws(ExecutionFailure) -> HostKeyScan {
    try HandshakeLimiter.shared.withPermit(for: node.address) { () throws(ExecutionFailure) in
      try scanUnderPermit(node)
    }
  }

  private static func scanUnderPermit(_ node: InventoryNode) throws(ExecutionFailure) -> HostKeyScan {
    let config = try SSHClientConfig.resolve(node, agentSocket: ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"])
    let node = config.node
    let knownHostsFile = Paths.expandTilde(node.knownHosts)
    let session = try SSHHandshake.open(node, knownHostsFile: knownHostsFile, proxyCommand: config.proxyCommand)
    let key = try ServerHostKey(of: session)
    let status = try ServerHostKey.status(of: session, knownHostsFile: knownHostsFile, node: node)
    var entry: UnsafeMutablePointer<CChar>?
    guard ssh_session_export_known_hosts_entry(session.handle, &entry) == SSH_OK, let entry else {
      throw .other("could not format the host key of \(node.name): \(session.lastError)")
    }
    defer { ssh_string_free_char(entry) }
    return HostKeyScan(
      node: node.name, knownHostsName: node.knownHostsName, keyType: key.type, fingerprint: key.fingerprint,
      status: status, knownHostsFile: knownHostsFile,
      knownHostsEntry: String(cString: entry).trimmingCharacters(in: .newlines))
  }
}
