import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("Lost connections and reconnects")
struct ConnectionLossTests {
  @Test("sshd killed mid-command: connection lost; after a restart the next command reconnects")
  func lostMidCommand() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let recorder = EventRecorder()

    let task = Task {
      await executor.run(.on("pve1", "echo started; sleep 3000", timeout: .seconds(300)), events: recorder.events)
    }
    #expect(await recorder.waitForStdout(containing: "started"))
    fixture.crash("pve1")
    let outcome = await task.value

    guard case .failed(.connectionLost) = outcome else {
      Issue.record("expected a lost connection, got \(outcome)")
      return
    }
    #expect(outcome.failure?.reason == "connection lost during step")
    #expect(recorder.connectionKinds == [.connected, .lost])

    try fixture.restart("pve1")
    let next = EventRecorder()
    let nextOutcome = await executor.run(.on("pve1", "echo back"), events: next.events)
    await executor.shutdown()

    #expect(nextOutcome == .exited(0))
    #expect(next.stdoutText == "back\n")
    #expect(next.connectionKinds == [.reconnected])
    #expect(next.connections.first?.fingerprint == fixture.server("pve1").hostKey.fingerprint)
  }

  @Test("a connection that died while idle is replaced once, transparently")
  func deadWhileIdle() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    #expect(await executor.run(.on("pve1", "true"), events: { _ in }) == .exited(0))

    fixture.crash("pve1")
    try fixture.restart("pve1")
    let recorder = EventRecorder()
    let outcome = await executor.run(.on("pve1", "echo again"), events: recorder.events)
    await executor.shutdown()

    #expect(outcome == .exited(0))
    #expect(recorder.stdoutText == "again\n")
    #expect(recorder.connectionKinds == [.reconnected])
    #expect(recorder.connections.first?.detail?.contains("previous connection") == true)
  }

  @Test("a connection that died while idle, on a node that stays down: connection refused")
  func deadAndDown() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    #expect(await executor.run(.on("pve1", "true"), events: { _ in }) == .exited(0))

    fixture.crash("pve1")
    let recorder = EventRecorder()
    let outcome = await executor.run(.on("pve1", "true"), events: recorder.events)
    await executor.shutdown()

    #expect(outcome == .failed(.connectionRefused(address: fixture.server("pve1").endpoint.description)))
    #expect(recorder.connectionKinds == [.failed])
  }
}
