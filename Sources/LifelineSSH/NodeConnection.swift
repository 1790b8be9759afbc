import LifelineCore

/// The one SSH connection to one node, opened on first use and reused by every later command,
/// each on a channel of its own.
///
/// The actor runs on a thread of its own (``NodeThread``): every libssh call blocks that thread
/// and no other, and commands for the same node run one after another.
actor NodeConnection {
  private let node: InventoryNode
  private let credentials: SSHCredentials
  private let terminationGrace: Duration
  private let thread: NodeThread
  private var session: SSHSession?
  private var hasConnected = false
  private var isClosed = false

  nonisolated var unownedExecutor: UnownedSerialExecutor {
    thread.asUnownedSerialExecutor()
  }

  init(node: InventoryNode, credentials: SSHCredentials, terminationGrace: Duration) {
    self.node = node
    self.credentials = credentials
    self.terminationGrace = terminationGrace
    thread = NodeThread(name: "ssh \(node.name)")
  }

  func run(
    _ command: String, limit: Duration, cancellation: CancellationFlag,
    events: @escaping @Sendable (ExecutionEvent) -> Void
  ) -> CommandOutcome {
    guard !isClosed else { return .failed(.other(SSHExecutor.shutDownMessage)) }
    let remote = RemoteCommand(
      command: command, limit: limit, terminationGrace: terminationGrace, cancellation: cancellation,
      events: events)
    if let session {
      if cancellation.isCancelled { return .failed(.cancelled) }
      switch remote.run(on: session) {
      case .finished(let outcome):
        return settle(outcome, on: session, events: events)
      case .notStarted(let detail):
        // The connection died while idle (sshd restarted, the node rebooted). Nothing ran, so
        // one new connection may run the command.
        self.session = nil
        return connectAndRun(remote, events: events, detail: "the previous connection was gone (\(detail))")
      }
    }
    return connectAndRun(remote, events: events, detail: nil)
  }

  /// Disconnects and lets the thread end; every later command fails at once.
  func close() {
    isClosed = true
    session = nil
  }

  /// Ends the actor's thread; only after ``close()`` has returned.
  nonisolated func endThread() {
    thread.stop()
  }

  private func connectAndRun(
    _ remote: RemoteCommand, events: @escaping @Sendable (ExecutionEvent) -> Void, detail: String?
  ) -> CommandOutcome {
    let kind: ConnectionEvent.Kind = hasConnected ? .reconnected : .connected
    let connected: (session: SSHSession, fingerprint: String)
    do {
      connected = try SSHConnector(node: node, credentials: credentials).connect()
    } catch {
      events(
        .connection(
          ConnectionEvent(
            node: node.name, kind: .failed, fingerprint: error.offeredFingerprint, detail: error.description)))
      return .failed(error)
    }
    session = connected.session
    hasConnected = true
    events(
      .connection(ConnectionEvent(node: node.name, kind: kind, fingerprint: connected.fingerprint, detail: detail)))
    if remote.cancellation.isCancelled { return .failed(.cancelled) }
    switch remote.run(on: connected.session) {
    case .finished(let outcome):
      return settle(outcome, on: connected.session, events: events)
    case .notStarted(let detail):
      return settle(.failed(.connectionLost(detail: detail)), on: connected.session, events: events)
    }
  }

  /// Drops a session that died during the command, and says so.
  private func settle(
    _ outcome: CommandOutcome, on session: SSHSession, events: @Sendable (ExecutionEvent) -> Void
  ) -> CommandOutcome {
    var isLost = !session.isConnected
    if case .failed(.connectionLost) = outcome { isLost = true }
    guard isLost else { return outcome }
    self.session = nil
    events(.connection(ConnectionEvent(node: node.name, kind: .lost, detail: session.failureDetail)))
    return outcome
  }
}

extension ExecutionFailure {
  /// The host key the server offered, for the failures that have one.
  fileprivate var offeredFingerprint: String? {
    switch self {
    case .hostKeyUnknown(_, let fingerprint), .hostKeyChanged(_, let fingerprint), .hostKeyRevoked(_, let fingerprint):
      fingerprint
    default: nil
    }
  }
}
