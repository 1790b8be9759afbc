import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("One connection per node")
struct ConnectionReuseTests {
  @Test("many commands share one connection, each on a channel of its own")
  func commandsReuseTheConnection() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)

    var connectionEvents: [ConnectionEvent] = []
    for index in 1...20 {
      let recorder = EventRecorder()
      let outcome = await executor.run(.on("pve1", "echo command-\(index)"), events: recorder.events)
      #expect(outcome == .exited(0))
      #expect(recorder.stdoutText == "command-\(index)\n")
      connectionEvents += recorder.connections
    }
    await executor.shutdown()

    #expect(fixture.acceptedLogins(on: "pve1") == 1)
    #expect(connectionEvents.map(\.kind) == [.connected])
    #expect(connectionEvents.first?.fingerprint == fixture.server("pve1").hostKey.fingerprint)
  }

  @Test("200 commands on one reused connection")
  func manyCommandsOnOneConnection() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    _ = await executor.run(.on("pve1", "true"), events: { _ in })

    let clock = ContinuousClock()
    let started = clock.now
    var outcomes: [CommandOutcome] = []
    for _ in 1...200 { outcomes.append(await executor.run(.on("pve1", "true"), events: { _ in })) }
    let elapsed = clock.now - started
    await executor.shutdown()

    #expect(outcomes.allSatisfy { $0 == .exited(0) })
    #expect(fixture.acceptedLogins(on: "pve1") == 1)
    print("200 × true on one connection: \(elapsed), \(elapsed / 200) per command")
  }
}
