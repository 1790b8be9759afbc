import LifelineCore
import LifelineSSH
import SSHTestSupport
import Synchronization
import Testing

@Suite("Authentication: agent, then the identity file")
struct AuthenticationTests {
  @Test("the ssh-agent is tried first and is enough on its own")
  func agent() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let agent = try fixture.startAgent(holding: [fixture.clientKey])
    let executor = SSHExecutor(
      inventory: fixture.inventory(identity: fixture.directory + "/no_such_key"), agentSocket: agent.socket)

    let recorder = EventRecorder()
    let outcome = await executor.run(.on("pve1", "echo via-agent"), events: recorder.events)
    await executor.shutdown()

    #expect(outcome == .exited(0))
    #expect(recorder.stdoutText == "via-agent\n")
  }

  @Test("an agent without the key, then a missing identity file: both named")
  func agentAndMissingFile() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let agent = try fixture.startAgent(holding: [fixture.strangerKey])
    let missing = fixture.directory + "/no_such_key"
    let executor = SSHExecutor(inventory: fixture.inventory(identity: missing), agentSocket: agent.socket)

    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()

    #expect(outcome == .failed(.authenticationFailed(tried: ["agent", "\(missing) (no such file)"])))
    #expect(outcome.failure?.reason == "authentication failed (tried: agent, \(missing) (no such file))")
  }

  @Test("an encrypted key without a passphrase provider fails, pointing to ssh-agent")
  func encryptedKeyWithoutProvider() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let key = try fixture.makeKey(named: "encrypted_ed25519", passphrase: "correct horse")
    try fixture.authorize(key)
    let executor = SSHExecutor(inventory: fixture.inventory(identity: key.privateKeyFile), agentSocket: nil)

    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()

    guard case .failed(.authenticationFailed(let tried)) = outcome else {
      Issue.record("expected an authentication failure, got \(outcome)")
      return
    }
    #expect(tried.count == 1)
    #expect(tried.first?.hasPrefix(key.privateKeyFile) == true)
    #expect(tried.first?.contains("ssh-agent") == true)
  }

  @Test("an encrypted key asks the provider once, even for several nodes at once")
  func encryptedKeyWithProvider() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1", "pve2", "pve3"])
    defer { fixture.stop() }
    let key = try fixture.makeKey(named: "encrypted_ed25519", passphrase: "correct horse")
    try fixture.authorize(key)
    let requests = Mutex<[PassphraseRequest]>([])
    let executor = SSHExecutor(
      inventory: fixture.inventory(identity: key.privateKeyFile), agentSocket: nil,
      passphrase: { request in
        requests.withLock { $0.append(request) }
        return "correct horse"
      })

    let outcomes = await withTaskGroup(of: CommandOutcome.self) { group in
      for node in ["pve1", "pve2", "pve3"] {
        group.addTask { await executor.run(.on(node, "true"), events: { _ in }) }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    await executor.shutdown()

    #expect(outcomes == [.exited(0), .exited(0), .exited(0)])
    #expect(requests.withLock { $0.count } == 1)
    #expect(requests.withLock { $0.first?.keyFile } == key.privateKeyFile)
  }

  @Test("a wrong passphrase fails authentication and says so")
  func wrongPassphrase() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let key = try fixture.makeKey(named: "encrypted_ed25519", passphrase: "correct horse")
    try fixture.authorize(key)
    let executor = SSHExecutor(
      inventory: fixture.inventory(identity: key.privateKeyFile), agentSocket: nil, passphrase: { _ in "wrong" })

    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()

    #expect(outcome == .failed(.authenticationFailed(tried: ["\(key.privateKeyFile) (wrong passphrase)"])))
  }
}
