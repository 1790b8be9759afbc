import LifelineCore
import LifelineSystem

/// The executor the CLI uses: `local` steps run on the operator's machine, node steps over SSH.
public struct ClusterExecutor: CommandExecutor {
  public let local: LocalExecutor
  public let nodes: SSHExecutor

  public init(local: LocalExecutor = LocalExecutor(), nodes: SSHExecutor) {
    self.local = local
    self.nodes = nodes
  }

  /// Local commands plus SSH to `inventory`'s nodes, with the agent from `SSH_AUTH_SOCK`.
  public init(inventory: Inventory, passphrase: PassphraseProvider? = nil) {
    self.init(nodes: SSHExecutor(inventory: inventory, passphrase: passphrase))
  }

  public func run(
    _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
  ) async -> CommandOutcome {
    switch request.target {
    case .local: await local.run(request, events: events)
    case .node: await nodes.run(request, events: events)
    }
  }

  /// Closes the SSH connections and ends their threads.
  public func shutdown() async {
    await nodes.shutdown()
  }
}
