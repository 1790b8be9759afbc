import LifelineCore
import LifelineSSH

/// The executor a session uses: `local` steps on this machine, node steps over SSH.
enum Executors {
  static func make(inventory: Inventory, passphrase: PassphraseProvider? = nil) -> ClusterExecutor {
    ClusterExecutor(inventory: inventory, passphrase: passphrase)
  }
}
