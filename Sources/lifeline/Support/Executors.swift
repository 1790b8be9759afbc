import Foundation
import LifelineCore
import LifelineHTTP
import LifelineSSH
import LifelineSystem

/// What a session uses to reach the cluster: the executor (`local` steps on this machine, node
/// steps over SSH) and the safety measures applied before each step.
enum Executors {
  static func make(inventory: Inventory, passphrase: PassphraseProvider? = nil) -> ClusterExecutor {
    ClusterExecutor(inventory: inventory, passphrase: passphrase)
  }

  /// The Proxmox API client for `api:` steps, and the secrets it holds (for the redactor).
  static func api(for inventory: Inventory) -> APIClientSetup {
    ProxmoxAPIClient.setup(
      for: inventory, trustStore: TrustAPI.standardStore, environment: ProcessInfo.processInfo.environment)
  }

  /// The live interlocks and the cluster lock for a session recorded in `transcript`.
  static func safety(executor: any CommandExecutor, inventory: Inventory, purpose: String, transcript: String)
    -> SessionSafety
  {
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    let sessionID = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    let lock = ClusterLock(
      executor: executor, inventory: inventory, sessionID: sessionID,
      operatorName: "\(OperatorIdentity.user)@\(OperatorIdentity.host)",
      since: Timestamp.rfc3339(epochMilliseconds: now),
      purpose: "\(purpose) (\(URL(fileURLWithPath: transcript).lastPathComponent))")
    return SessionSafety(interlocks: SafetyInterlocks(executor: executor), clusterLock: lock)
  }
}
