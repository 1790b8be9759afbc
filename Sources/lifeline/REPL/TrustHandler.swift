import LifelineCore
import LifelineSSH

extension ReplSession {
  /// `trust NODE`: shows the host key the node's server offers and records it in the node's
  /// known_hosts file once the operator has compared it and confirmed.
  func trust(_ name: String) async throws(UserError) -> ReplCommandResult {
    try checkNode(name)
    guard let node = inventory.node(named: name) else { return .failed }
    output.say("Connecting to \(name) (\(node.host):\(node.port)) to read its host key…")
    let scan: HostKeyScan
    do {
      scan = try await HostKeyTrust.scan(node)
    } catch {
      throw .failure("cannot read the host key of \(name): \(error.description)")
    }
    output.say("  \(scan.keyType) \(output.style.bold(scan.fingerprint))")
    switch scan.status {
    case .known:
      output.say(
        output.style.green("Already trusted: ") + "\(scan.knownHostsFile) records this key for \(scan.knownHostsName).")
      return .succeeded
    case .changed:
      throw .failure(HostKeyTrustError.changed(scan).description)
    case .revoked:
      throw .failure(HostKeyTrustError.revoked(scan).description)
    case .unknown:
      break
    }
    let request = ConfirmationRequest(
      stepID: "trust \(name)", prompt: "Does it match the key on \(name)'s console? Record it", kind: .plain,
      warning: """
        Compare it with the key on \(name)'s own console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub
          Once recorded, \(scan.knownHostsName) is trusted with this key in \(scan.knownHostsFile).
        """)
    let reply = await console.confirm(request)
    try record(.confirmation(request, reply: reply, by: "operator"))
    guard reply == .confirmed else {
      if case .unavailable(let reason) = reply { throw .failure("not recorded: \(reason)") }
      return .succeeded
    }
    do {
      try HostKeyTrust.record(scan)
    } catch {
      throw .failure(error.description)
    }
    try record(
      .flow(
        .trust, step: nil,
        detail: "recorded the \(scan.keyType) host key \(scan.fingerprint) of \(name) in \(scan.knownHostsFile)"))
    output.say(output.style.green("Trusted: ") + "\(name) \(scan.fingerprint) recorded in \(scan.knownHostsFile).")
    return .succeeded
  }
}
