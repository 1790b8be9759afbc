import Foundation
import LifelineCore
import Synchronization

/// Runs commands on the inventory's nodes over SSH (libssh).
///
/// Each node gets one connection, opened on first use and reused by every later command, and a
/// thread of its own, so a fan-out runs on all nodes at once. Host keys are checked strictly
/// against the node's known_hosts file; nothing is ever accepted silently (see
/// ``HostKeyTrust`` for `lifeline trust`). Call ``shutdown()`` when done.
public final class SSHExecutor: CommandExecutor {
  static let shutDownMessage = "the SSH connections were shut down"

  public let inventory: Inventory
  private let credentials: SSHCredentials
  private let terminationGrace: Duration
  private let state = Mutex(State())

  private struct State: ~Copyable {
    var connections: [String: NodeConnection] = [:]
    var running: [ObjectIdentifier: CancellationFlag] = [:]
    var isShutDown = false
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
  }

  /// - Parameters:
  ///   - agentSocket: The ssh-agent to try before the identity file; nil for none. The default
  ///     is `SSH_AUTH_SOCK`.
  ///   - terminationGrace: How long a stopped command's process group has between TERM and KILL.
  ///   - passphrase: Asked for the passphrase of an encrypted identity file. Without it such a
  ///     key fails authentication with a hint to load it into ssh-agent.
  public init(
    inventory: Inventory, agentSocket: String? = SSHExecutor.agentSocketFromEnvironment,
    terminationGrace: Duration = .seconds(2), passphrase: PassphraseProvider? = nil
  ) {
    self.inventory = inventory
    self.terminationGrace = terminationGrace
    credentials = SSHCredentials(
      agentSocket: agentSocket.flatMap { $0.isEmpty ? nil : $0 }, passphrases: PassphraseSource(provider: passphrase))
  }

  /// `SSH_AUTH_SOCK`, when set.
  public static var agentSocketFromEnvironment: String? {
    ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
  }

  public func run(
    _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
  ) async -> CommandOutcome {
    guard case .node(let name) = request.target else {
      return .failed(.other("the SSH executor runs commands on nodes, not '\(request.target)'"))
    }
    guard let node = inventory.node(named: name) else {
      return .failed(.unknownNode(name, suggestion: Suggestion.closest(to: name, in: inventory.nodeNames)))
    }
    let cancellation = CancellationFlag()
    guard let connection = admit(cancellation, to: node) else { return .failed(.other(Self.shutDownMessage)) }
    defer { dismiss(cancellation) }
    return await withTaskCancellationHandler {
      await connection.run(request.command, limit: request.timeout, cancellation: cancellation, events: events)
    } onCancel: {
      cancellation.cancel()
    }
  }

  /// Stops the commands still running, closes every connection and ends every node thread.
  /// Later commands fail at once.
  public func shutdown() async {
    let (connections, running) = state.withLock { state in
      state.isShutDown = true
      defer { state.connections = [:] }
      return (Array(state.connections.values), Array(state.running.values))
    }
    running.forEach { $0.cancel() }
    await withCheckedContinuation { continuation in
      let idle = state.withLock { state in
        if state.running.isEmpty { return true }
        state.idleWaiters.append(continuation)
        return false
      }
      if idle { continuation.resume() }
    }
    for connection in connections {
      await connection.close()
      connection.endThread()
    }
  }

  /// Registers a command and returns its node's connection; nil after shutdown.
  private func admit(_ cancellation: CancellationFlag, to node: InventoryNode) -> NodeConnection? {
    state.withLock { state in
      guard !state.isShutDown else { return nil }
      state.running[ObjectIdentifier(cancellation)] = cancellation
      if let connection = state.connections[node.name] { return connection }
      let connection = NodeConnection(node: node, credentials: credentials, terminationGrace: terminationGrace)
      state.connections[node.name] = connection
      return connection
    }
  }

  private func dismiss(_ cancellation: CancellationFlag) {
    let waiters = state.withLock { state in
      state.running[ObjectIdentifier(cancellation)] = nil
      guard state.running.isEmpty else { return [CheckedContinuation<Void, Never>]() }
      defer { state.idleWaiters = [] }
      return state.idleWaiters
    }
    waiters.forEach { $0.resume() }
  }
}
