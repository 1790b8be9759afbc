import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("How remote commands end")
struct RemoteExitTests {
  @Test(
    "exit statuses and signals",
    arguments: [
      ("true", CommandOutcome.exited(0)),
      ("false", .exited(1)),
      ("exit 3", .exited(3)),
      ("exit 255", .exited(255)),
      ("kill -TERM $$", .signaled("TERM")),
      ("kill -KILL $$", .signaled("KILL")),
      ("kill -SEGV $$", .signaled("SEGV")),
    ])
  func ending(command: String, expected: CommandOutcome) async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)

    let outcome = await executor.run(.on("pve1", command), events: { _ in })
    await executor.shutdown()

    #expect(outcome == expected)
  }
}
