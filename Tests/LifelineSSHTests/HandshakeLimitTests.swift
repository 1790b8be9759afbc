import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("Handshakes stay within sshd's MaxStartups")
struct HandshakeLimitTests {
  @Test("48 inventory names for one sshd that admits ten unauthenticated connections")
  func manyAliasesOfOneServer() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"], extraConfig: ["MaxStartups 10"])
    defer { fixture.stop() }
    let server = fixture.inventoryNode("pve1")
    let aliases = (1...48).map { index in
      var alias = server
      alias.name = "alias\(index)"
      return alias
    }
    let executor = SSHExecutor(inventory: Inventory(cluster: "fixture", nodes: aliases), agentSocket: nil)

    let outcomes = await withTaskGroup(of: CommandOutcome.self) { group in
      for alias in aliases {
        group.addTask { await executor.run(.on(alias.name, "true"), events: { _ in }) }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    await executor.shutdown()

    #expect(outcomes.filter { $0 != .exited(0) } == [])
    #expect(fixture.acceptedLogins(on: "pve1") == 48)
  }
}
