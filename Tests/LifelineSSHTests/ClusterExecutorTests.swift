import LifelineCore
import LifelineSSH
import LifelineSystem
import SSHTestSupport
import Testing

@Suite("The cluster executor routes by target")
struct ClusterExecutorTests {
  @Test("local runs here, a node over SSH")
  func routing() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = ClusterExecutor(nodes: SSHExecutor(inventory: fixture.inventory(), agentSocket: nil))

    let local = EventRecorder()
    let remote = EventRecorder()
    let localOutcome = await executor.run(
      CommandRequest(command: "echo $0", target: .local, timeout: .seconds(10)),
      events: local.events)
    let remoteOutcome = await executor.run(.on("pve1", "echo $SSH_CONNECTION | cut -d' ' -f3"), events: remote.events)
    await executor.shutdown()

    #expect(localOutcome == .exited(0))
    #expect(local.stdoutText == "/bin/sh\n")
    #expect(remoteOutcome == .exited(0))
    #expect(remote.stdoutText == fixture.server("pve1").host + "\n")
  }
}
