import Foundation
import LifelineCore
import LifelineSSH
import LifelineSystem

/// Shows the host key a node's server offers and has the operator confirm it against the
/// node's own console: `lifeline trust NODE`, and `lifeline init HOST` for the node it reads
/// the cluster's records from. A changed or revoked key is refused, `--yes` or not.
struct HostKeyConfirmation {
  /// `--yes`: the operator compared the fingerprint another way.
  var assumeYes: Bool
  /// What happens once the key is confirmed, for the question: `record it`, ….
  var action: String
  /// Asks a yes/no question; nil when nobody can answer (no terminal).
  var ask: (String) -> Bool? = TrustAPI.askOnTerminal

  /// Connects to `node` without logging in and reads its host key; nothing is written.
  static func scan(_ node: InventoryNode, label: String) async throws(UserError) -> HostKeyScan {
    do {
      return try await HostKeyTrust.scan(node)
    } catch {
      throw UserError(
        "cannot reach \(label) (\(node.host):\(node.port)): \(error.description)", exitCode: ExitStatus.failure)
    }
  }

  /// Prints the key and asks; returns whether the key is new and confirmed (false: already
  /// recorded, nothing to confirm). Throws when the key is changed, revoked or not confirmed.
  func confirm(_ scan: HostKeyScan, label: String) throws(UserError) -> Bool {
    StandardStreams.out("\(label) (\(scan.knownHostsName)) offers a \(scan.keyType) key:")
    StandardStreams.out("  \(scan.fingerprint)")
    switch scan.status {
    case .known:
      StandardStreams.out("It is already recorded in \(scan.knownHostsFile).")
      return false
    case .changed:
      throw UserError(HostKeyTrustError.changed(scan).description, exitCode: ExitStatus.failure)
    case .revoked:
      throw UserError(HostKeyTrustError.revoked(scan).description, exitCode: ExitStatus.failure)
    case .unknown:
      break
    }
    if assumeYes { return true }
    switch ask("Does it match the fingerprint on \(label)'s console? Type yes to \(action):") {
    case true?: return true
    case false?: throw UserError("not confirmed: nothing was recorded", exitCode: ExitStatus.failure)
    case nil:
      throw UserError(
        "not recorded: compare the fingerprint with the node's console, then run again with --yes (no terminal to ask on)",
        exitCode: ExitStatus.failure)
    }
  }
}
