/// Live checks that stand between a dangerous step and the cluster, run just before it.
///
/// A recovery tool is used when things are already broken; these keep a runbook from making
/// the outage worse:
/// - a destructive step runs only when the node at risk does not answer over SSH and the
///   cluster is quorate, seen from the node the step runs on (a node that answers is never
///   deleted);
/// - restarting or stopping corosync or pve-cluster on a member whose vote the quorum cannot
///   spare is confirmed a second time, with the risk spelt out.
public struct SafetyInterlocks: Sendable {
  public var executor: any CommandExecutor
  /// How long a probe may take; a node that does not answer within it counts as unreachable.
  public var probeTimeout: Duration

  public init(executor: any CommandExecutor, probeTimeout: Duration = .seconds(8)) {
    self.executor = executor
    self.probeTimeout = probeTimeout
  }

  /// What the interlocks concluded, and what they saw, for the record.
  public struct Verdict: Sendable, Hashable {
    public var allowed: Bool
    public var checks: [String]
    public var refusal: String?
    /// Set when the operator must confirm a second time before the step runs.
    public var secondConfirmation: ConfirmationRequest?
  }

  /// Checks a destructive step: `subject` must not answer, the cluster must be quorate.
  public func verifyDestructive(_ invocation: StepInvocation, subject: String) async -> Verdict {
    var checks: [String] = []
    let probe = await executor.run(
      CommandRequest(command: "true", target: .node(subject), timeout: probeTimeout), events: { _ in })
    switch probe {
    case .exited, .signaled:
      return refuse(
        checks + ["\(subject) answers over SSH"],
        "\(subject) answers over SSH: a node that answers is never removed or wiped. Power it off (or isolate it) first, then retry."
      )
    case .failed(let failure):
      switch failure {
      case .connectionRefused, .unreachable, .connectionLost, .timeout, .timedOutUnstopped:
        checks.append("\(subject) does not answer over SSH (\(failure.reason))")
      case .unknownNode:
        return refuse(
          checks,
          "\(subject) is not in the inventory, so its reachability cannot be checked; add it to the inventory first")
      case .cancelled:
        return refuse(checks, "the reachability check of \(subject) was cancelled")
      case .unknownHost:
        return refuse(
          checks + ["\(subject)'s address cannot be resolved (\(failure.reason))"],
          "\(subject)'s host name does not resolve, so whether it is down cannot be told; fix the inventory's host first")
      case .authenticationFailed, .hostKeyUnknown, .hostKeyChanged, .hostKeyRevoked, .protocolError, .disconnected, .other:
        return refuse(
          checks + ["\(subject)'s SSH server responds (\(failure.reason))"],
          "\(subject)'s SSH server still responds (\(failure.reason)), so the node is up: it is never removed while it runs"
        )
      }
    }
    guard
      let member = invocation.runs.first(where: { $0.target != .local && $0.target != .node(subject) })?.target
        ?? invocation.runs.first?.target, member != .local
    else {
      return refuse(checks, "a destructive step must run on a cluster member, so that quorum can be checked there")
    }
    let quorum = await clusterQuorum(on: member)
    guard let quorum, quorum.quorate else {
      return refuse(
        checks + ["\(member): \(quorum == nil ? "pvecm status failed" : "not quorate")"],
        "the cluster is not quorate as seen from \(member): a destructive step would act without a majority. Restore quorum first."
      )
    }
    checks.append("cluster quorate on \(member) (\(quorum.totalVotes) votes, quorum \(quorum.quorum))")
    return Verdict(allowed: true, checks: checks, refusal: nil, secondConfirmation: nil)
  }

  /// Asks for a second confirmation when a step would take a vote the quorum cannot spare.
  public func verifyServiceRestart(_ invocation: StepInvocation) async -> Verdict {
    var checks: [String] = []
    for run in invocation.runs where Self.stopsClusterServices(run.command) {
      guard case .node(let node) = run.target, let quorum = await clusterQuorum(on: .node(node)), quorum.quorate
      else { continue }
      checks.append("\(node) is a quorate member (\(quorum.totalVotes) votes, quorum \(quorum.quorum))")
      if quorum.totalVotes - 1 < quorum.quorum {
        let warning = """
          \(node) holds one of the last votes of the quorate majority: the cluster has \(quorum.totalVotes) votes and needs \
          \(quorum.quorum). Restarting or stopping its cluster services takes that vote away: the cluster loses quorum until \
          they are back, /etc/pve turns read-only everywhere, and HA can neither recover nor move services.
          """
        return Verdict(
          allowed: true, checks: checks, refusal: nil,
          secondConfirmation: ConfirmationRequest(
            stepID: invocation.stepID, prompt: "Restart the cluster services on \(node) anyway?", kind: .plain,
            warning: warning))
      }
    }
    return Verdict(allowed: true, checks: checks, refusal: nil, secondConfirmation: nil)
  }

  /// Commands that restart or stop the services a node's vote depends on.
  static func stopsClusterServices(_ command: String) -> Bool {
    let pattern =
      #"systemctl\s+(?:[^;&|]*\s)?(?:restart|stop|kill|try-restart|reload-or-restart)\b[^;&|]*\b(?:corosync|pve-cluster)\b"#
    return command.range(of: pattern, options: .regularExpression) != nil
      || command.range(of: #"\b(?:killall|pkill)\b[^;&|]*\b(?:corosync|pmxcfs)\b"#, options: .regularExpression) != nil
  }

  struct Quorum {
    var quorate: Bool
    var totalVotes: Int
    var quorum: Int
  }

  /// Reads `pvecm status` on a node.
  func clusterQuorum(on target: ExecutionTarget) async -> Quorum? {
    let collector = OutputCollector()
    let outcome = await executor.run(
      CommandRequest(command: "pvecm status", target: target, timeout: probeTimeout),
      events: { event in
        if case .output(let stream, let bytes) = event { collector.append(stream, bytes) }
      })
    guard outcome.exitStatus != nil else { return nil }
    return Self.parseQuorum(collector.tails.0.text)
  }

  /// Reads the votequorum block of `pvecm status`: `Quorate: Yes`, `Total votes: 2`, `Quorum: 2`.
  static func parseQuorum(_ text: String) -> Quorum? {
    func number(_ label: String) -> Int? {
      guard let range = text.range(of: "(?m)^\(label):\\s+(\\d+)", options: .regularExpression) else { return nil }
      return Int(text[range].split(separator: ":").last!.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
    }
    guard let total = number("Total votes"), let quorum = number("Quorum") else { return nil }
    let quorate = text.range(of: #"(?m)^Quorate:\s+Yes"#, options: .regularExpression) != nil
    return Quorum(quorate: quorate, totalVotes: total, quorum: quorum)
  }

  private func refuse(_ checks: [String], _ reason: String) -> Verdict {
    Verdict(allowed: false, checks: checks, refusal: reason, secondConfirmation: nil)
  }
}
