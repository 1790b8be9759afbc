/// Where a command runs: the operator's machine or a node of the inventory.
public enum ExecutionTarget: Sendable, Hashable, CustomStringConvertible {
  case local
  case node(String)

  public var description: String {
    switch self {
    case .local: "local"
    case .node(let name): name
    }
  }
}

public struct CommandRequest: Sendable, Hashable {
  public var command: String
  public var target: ExecutionTarget
  public var timeout: Duration

  public init(command: String, target: ExecutionTarget, timeout: Duration) {
    self.command = command
    self.target = target
    self.timeout = timeout
  }
}

public enum StandardStream: String, Sendable, Hashable {
  case stdout
  case stderr
}

/// Something that happened while a command ran, reported as it happens.
public enum ExecutionEvent: Sendable {
  case output(StandardStream, [UInt8])
  case connection(ConnectionEvent)
}

public struct ConnectionEvent: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case connected
    case reconnected
    case lost
    case failed
    case closed
  }

  public var node: String
  public var kind: Kind
  /// The server's host key, as `SHA256:…`, when known.
  public var fingerprint: String?
  public var detail: String?

  public init(node: String, kind: Kind, fingerprint: String? = nil, detail: String? = nil) {
    self.node = node
    self.kind = kind
    self.fingerprint = fingerprint
    self.detail = detail
  }
}

/// How a command ended.
public enum CommandOutcome: Sendable, Hashable {
  case exited(Int32)
  /// Killed by a signal, named without `SIG` (`KILL`, `TERM`).
  case signaled(String)
  /// It never ran, or did not run to its end.
  case failed(ExecutionFailure)

  public var exitStatus: Int32? {
    if case .exited(let status) = self { return status }
    return nil
  }
}

/// Why a command could not run or finish, in words an operator can act on.
public enum ExecutionFailure: Error, Sendable, Hashable, CustomStringConvertible {
  case connectionRefused(address: String)
  case unreachable(address: String, detail: String)
  /// The host name does not resolve: a typo in the inventory, or no DNS.
  case unknownHost(host: String, detail: String)
  /// Something answered on the port but does not speak SSH as expected (no banner, a
  /// mismatched protocol, a failed key exchange).
  case protocolError(address: String, detail: String)
  /// The server closed the connection before Lifeline was logged in (sshd's `MaxStartups`,
  /// a firewall, `DenyUsers`…).
  case disconnected(address: String, detail: String)
  case authenticationFailed(tried: [String])
  case hostKeyUnknown(node: String, fingerprint: String)
  case hostKeyChanged(node: String, fingerprint: String)
  /// known_hosts marks the key the server offers `@revoked`.
  case hostKeyRevoked(node: String, fingerprint: String)
  case connectionLost(detail: String)
  case timeout(Duration)
  /// The command passed its timeout and the node stopped answering, so it could not be
  /// stopped: it may still be running there.
  case timedOutUnstopped(Duration)
  case cancelled
  case unknownNode(String, suggestion: String?)
  case other(String)

  /// A short reason, as shown after "failed:" and recorded in transcripts.
  public var reason: String {
    switch self {
    case .connectionRefused: "connection refused"
    case .unreachable: "host unreachable / timed out"
    case .unknownHost: "unknown host name"
    case .protocolError: "SSH protocol error"
    case .disconnected: "disconnected before login"
    case .authenticationFailed(let tried): "authentication failed (tried: \(tried.joined(separator: ", ")))"
    case .hostKeyUnknown: "host key unknown"
    case .hostKeyChanged: "host key changed"
    case .hostKeyRevoked: "host key revoked"
    case .connectionLost: "connection lost during step"
    case .timeout(let limit), .timedOutUnstopped(let limit): "timeout after \(DurationText.format(limit))"
    case .cancelled: "cancelled"
    case .unknownNode(let name, _): "unknown node '\(name)'"
    case .other(let message): message
    }
  }

  /// The reason with the detail and the next thing to do.
  public var description: String {
    switch self {
    case .connectionRefused(let address):
      "connection refused by \(address): sshd is not running there, or a firewall rejects the port"
    case .unreachable(let address, let detail):
      "host unreachable / timed out: \(address) (\(detail))"
    case .unknownHost(let host, let detail):
      "unknown host name '\(host)' (\(detail)): check the inventory's host, or the name service"
    case .protocolError(let address, let detail):
      "SSH protocol error with \(address) (\(detail)): the port may not be an SSH server's"
    case .disconnected(let address, let detail):
      "\(address) closed the connection before login (\(detail)); nothing was run"
    case .authenticationFailed:
      "\(reason): check the inventory's user and identity, and the node's authorized_keys"
    case .hostKeyUnknown(let node, let fingerprint):
      """
      host key unknown for \(node): the server offered \(fingerprint).
      Compare it with the node's own key (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console), then run: lifeline trust \(node)
      """
    case .hostKeyChanged(let node, let fingerprint):
      """
      HOST KEY CHANGED for \(node): the server now offers \(fingerprint), which is not the key recorded in known_hosts.
      Either someone is intercepting the connection (man-in-the-middle) or the node was reinstalled.
      Nothing was run. Check the key on the node's console; only if it was reinstalled, remove the old entry (ssh-keygen -R) and run: lifeline trust \(node)
      """
    case .hostKeyRevoked(let node, let fingerprint):
      "HOST KEY REVOKED for \(node): the server offers \(fingerprint), which known_hosts marks @revoked. Nothing was run."
    case .connectionLost(let detail): "connection lost during step (\(detail))"
    case .timeout: "\(reason); the remote command was stopped"
    case .timedOutUnstopped:
      "\(reason); the node stopped answering, so the command could not be stopped and may still be running there"
    case .cancelled: "cancelled by the operator; the command was stopped"
    case .unknownNode(let name, let suggestion):
      "unknown node '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        + ": it is not in the inventory"
    case .other(let message): message
    }
  }
}

/// Runs commands on nodes or locally. Adapters (SSH, local processes) implement it; tests
/// script it.
public protocol CommandExecutor: Sendable {
  /// Runs a command, reporting output and connection events as they happen.
  ///
  /// Cancelling the calling task stops the command, on the remote side too, and returns
  /// `.failed(.cancelled)`. The executor enforces `request.timeout` itself.
  func run(
    _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
  ) async -> CommandOutcome
}
