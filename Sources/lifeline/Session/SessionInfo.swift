import LifelineCore
import LifelineSystem

extension TranscriptEvent.SessionInfo {
  /// A session this operator starts on this machine with this version of Lifeline.
  static func starting(
    _ mode: String, inventory: Inventory, runbook loaded: LoadedRunbook? = nil, parameters: [(String, String)] = []
  ) -> Self {
    .init(
      toolVersion: Version.number, operatorName: OperatorIdentity.user, hostName: OperatorIdentity.host,
      cluster: inventory.cluster, inventoryFile: inventory.file, runbook: loaded?.runbook.name,
      runbookFile: loaded?.runbook.file, runbookSHA256: loaded?.sha256, parameters: parameters, mode: mode)
  }
}
