import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("Stopping a remote command stops its whole process group")
struct RemoteStopTests {
  @Test("a command that outlives its timeout is killed on the node", arguments: [false, true])
  func timeout(ignoresTerm: Bool) async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(
      inventory: fixture.inventory(), agentSocket: nil, terminationGrace: .milliseconds(500))
    let command = LingeringCommand(ignoresTerm: ignoresTerm)

    let recorder = EventRecorder()
    let outcome = await executor.run(.on("pve1", command.text, timeout: .seconds(1)), events: recorder.events)

    #expect(outcome == .failed(.timeout(.seconds(1))))
    #expect(outcome.failure?.reason == "timeout after 1s")
    let group = try #require(LingeringCommand.group(in: recorder.stdoutText))
    #expect(await ProcessCensus.waitUntilEmpty(group: group))
    #expect(await ProcessCensus.waitUntilGone(command.marker))

    let after = await executor.run(.on("pve1", "echo still-connected"), events: { _ in })
    await executor.shutdown()
    #expect(after == .exited(0))
    #expect(fixture.acceptedLogins(on: "pve1") == 1)
  }

  @Test("cancelling the task kills the remote command")
  func cancellation() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let command = LingeringCommand()
    let recorder = EventRecorder()

    let task = Task { await executor.run(.on("pve1", command.text, timeout: .seconds(300)), events: recorder.events) }
    #expect(await recorder.waitForStdout(containing: "group="))
    task.cancel()
    let outcome = await task.value

    #expect(outcome == .failed(.cancelled))
    let group = try #require(LingeringCommand.group(in: recorder.stdoutText))
    #expect(await ProcessCensus.waitUntilEmpty(group: group))
    #expect(await ProcessCensus.waitUntilGone(command.marker))
    #expect(await executor.run(.on("pve1", "true"), events: { _ in }) == .exited(0))
    await executor.shutdown()
  }

  @Test("a task cancelled before its command starts runs nothing")
  func cancelledBeforeStart() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let recorder = EventRecorder()

    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return await executor.run(.on("pve1", "echo ran"), events: recorder.events)
    }
    let outcome = await task.value
    await executor.shutdown()

    #expect(outcome == .failed(.cancelled))
    #expect(recorder.stdoutText.isEmpty)
  }

  @Test("shutdown stops a running command and kills it on the node")
  func shutdownStopsRunningCommands() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let command = LingeringCommand()
    let recorder = EventRecorder()

    let task = Task { await executor.run(.on("pve1", command.text, timeout: .seconds(300)), events: recorder.events) }
    #expect(await recorder.waitForStdout(containing: "group="))
    await executor.shutdown()

    #expect(await task.value == .failed(.cancelled))
    #expect(await ProcessCensus.waitUntilGone(command.marker))
  }
}
