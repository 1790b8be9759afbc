import Foundation
import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("Fan-out to several nodes")
struct FanOutTests {
  @Test("three nodes run at the same time, each on its own connection")
  func threeNodesInParallel() async throws {
    let nodes = ["pve1", "pve2", "pve3"]
    let fixture = try SSHServerFixture(nodes: nodes)
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let meeting = fixture.directory + "/meeting"
    try FileManager.default.createDirectory(atPath: meeting, withIntermediateDirectories: true)
    // Each command waits until all three have started: run one after another, none would finish.
    let command = """
      touch \(meeting)/$(echo $SSH_CONNECTION | cut -d' ' -f3); i=0; \
      while [ $(ls \(meeting) | wc -l) -lt 3 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; \
      [ $(ls \(meeting) | wc -l) -eq 3 ] && echo $SSH_CONNECTION | cut -d' ' -f3
      """

    let results = await withTaskGroup(of: (String, CommandOutcome, String).self) { group in
      for node in nodes {
        group.addTask {
          let recorder = EventRecorder()
          let outcome = await executor.run(.on(node, command, timeout: .seconds(60)), events: recorder.events)
          return (node, outcome, recorder.stdoutText)
        }
      }
      var results: [String: (outcome: CommandOutcome, stdout: String)] = [:]
      for await (node, outcome, stdout) in group { results[node] = (outcome, stdout) }
      return results
    }
    await executor.shutdown()

    for node in nodes {
      #expect(results[node]?.outcome == .exited(0))
      #expect(results[node]?.stdout == fixture.server(node).host + "\n")
      #expect(fixture.acceptedLogins(on: node) == 1)
    }
  }
}
