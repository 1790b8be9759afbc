import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("Shutdown leaves nothing behind")
struct ShutdownTests {
  @Test("node threads and connections exist while in use and are gone after shutdown")
  func threadsAndSockets() async throws {
    // The names make this test's threads recognizable among those of tests running beside it.
    let nodes = ["thr-a", "thr-b", "thr-c"]
    let fixture = try SSHServerFixture(nodes: nodes)
    defer { fixture.stop() }
    let ports = nodes.map { fixture.server($0).port }
    #expect(ProcessCensus.threads(named: "ssh thr-") == 0)

    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    for node in nodes {
      #expect(await executor.run(.on(node, "true"), events: { _ in }) == .exited(0))
      #expect(await executor.run(.on(node, "true"), events: { _ in }) == .exited(0))
    }
    #expect(ProcessCensus.threads(named: "ssh thr-") == 3)
    #expect(ports.map(ProcessCensus.sockets(connectedToPort:)) == [1, 1, 1])

    await executor.shutdown()

    #expect(ProcessCensus.threads(named: "ssh thr-") == 0)
    #expect(ports.map(ProcessCensus.sockets(connectedToPort:)) == [0, 0, 0])
  }

  @Test("shutting down an executor that never connected is harmless, and so is doing it twice")
  func idleShutdown() async {
    let executor = SSHExecutor(inventory: Inventory(cluster: "empty", nodes: []), agentSocket: nil)
    await executor.shutdown()
    await executor.shutdown()
  }
}
