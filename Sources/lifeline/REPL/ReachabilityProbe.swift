import LifelineCore

/// A quick `true` on every node at once: which nodes answer, and how fast.
enum ReachabilityProbe {
  /// How long each node gets: an answer to `true` takes well under a second on a healthy
  /// node; one that needs longer is not one to lean on in an outage.
  static let timeout: Duration = .seconds(5)

  /// One result per node, in the inventory's order. Cancelling the task stops every probe.
  static func probe(
    _ nodes: [InventoryNode], executor: any CommandExecutor, recorder: any TranscriptRecorder
  ) async -> [RunResult] {
    await withTaskGroup(of: (Int, RunResult).self) { group in
      for (index, node) in nodes.enumerated() {
        group.addTask {
          (index, await probe(node.name, executor: executor, recorder: recorder))
        }
      }
      var results = [RunResult?](repeating: nil, count: nodes.count)
      for await (index, result) in group { results[index] = result }
      return results.compactMap { $0 }
    }
  }

  private static func probe(
    _ node: String, executor: any CommandExecutor, recorder: any TranscriptRecorder
  ) async -> RunResult {
    let clock = ContinuousClock()
    let started = clock.now
    let request = CommandRequest(command: "true", target: .node(node), timeout: timeout)
    let outcome = await executor.run(request) { event in
      if case .connection(let connection) = event { try? recorder.record(.connection(connection)) }
    }
    return RunResult(target: request.target, command: request.command, outcome: outcome, duration: clock.now - started)
  }
}
