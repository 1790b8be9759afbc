import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("Connection failures say what went wrong")
struct ConnectionFailureTests {
  private func node(at endpoint: LoopbackEndpoint, _ fixture: SSHServerFixture, timeout: Duration = .seconds(10))
    -> Inventory
  {
    Inventory(
      cluster: "fixture",
      nodes: [
        InventoryNode(
          name: "pve9", host: endpoint.host, port: endpoint.port, user: fixture.user,
          identity: fixture.clientKey.privateKeyFile, knownHosts: fixture.knownHostsFile, connectTimeout: timeout)
      ])
  }

  @Test("a port where nothing listens: connection refused")
  func refused() async throws {
    let fixture = try SSHServerFixture(nodes: [])
    defer { fixture.stop() }
    let endpoint = try fixture.refusedEndpoint()
    let executor = SSHExecutor(inventory: node(at: endpoint, fixture), agentSocket: nil)

    let recorder = EventRecorder()
    let outcome = await executor.run(.on("pve9", "true"), events: recorder.events)
    await executor.shutdown()

    #expect(outcome == .failed(.connectionRefused(address: endpoint.description)))
    #expect(outcome.failure?.reason == "connection refused")
    #expect(recorder.connectionKinds == [.failed])
  }

  @Test("a server that accepts but never sends its banner: unreachable after the connect timeout")
  func silentServer() async throws {
    let fixture = try SSHServerFixture(nodes: [])
    defer { fixture.stop() }
    let endpoint = try fixture.silentListener()
    let executor = SSHExecutor(inventory: node(at: endpoint, fixture, timeout: .seconds(1)), agentSocket: nil)

    let outcome = await executor.run(.on("pve9", "true"), events: { _ in })
    await executor.shutdown()

    guard case .failed(.unreachable(let address, let detail)) = outcome else {
      Issue.record("expected unreachable, got \(outcome)")
      return
    }
    #expect(address == endpoint.description)
    #expect(detail.contains("Timeout"))
    #expect(outcome.failure?.reason == "host unreachable / timed out")
  }

  @Test("a key the server does not accept: authentication failed, naming what was tried")
  func wrongKey() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(
      inventory: fixture.inventory(identity: fixture.strangerKey.privateKeyFile), agentSocket: nil)

    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()

    #expect(outcome == .failed(.authenticationFailed(tried: [fixture.strangerKey.privateKeyFile])))
  }

  @Test("a node the inventory does not have: unknown node, with a suggestion")
  func unknownNode() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1", "pve2"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)

    let outcome = await executor.run(.on("pve3x", "true"), events: { _ in })
    let farOff = await executor.run(.on("storage-controller", "true"), events: { _ in })
    await executor.shutdown()

    #expect(outcome == .failed(.unknownNode("pve3x", suggestion: "pve1")))
    #expect(farOff == .failed(.unknownNode("storage-controller", suggestion: nil)))
  }

  @Test("commands after shutdown fail at once")
  func afterShutdown() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    #expect(await executor.run(.on("pve1", "true"), events: { _ in }) == .exited(0))
    await executor.shutdown()

    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })

    #expect(outcome == .failed(.other("the SSH connections were shut down")))
  }
}
