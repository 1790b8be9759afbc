import LifelineCore

extension ReplSession {
  /// `nodes`: the inventory, one node a line.
  func listNodes() -> ReplCommandResult {
    guard hasInventory else {
      output.say("No inventory: start lifeline with --inventory FILE (see docs/inventory.md).")
      return .succeeded
    }
    output.say("\(output.style.bold(inventory.cluster))\(inventory.file.map { output.style.dim(" (\($0))") } ?? "")")
    for row in nodeRows() { output.say(row.text) }
    output.hint("nodes --check tests that each answers.")
    return .succeeded
  }

  /// `nodes --check`: `true` on every node at once, with a short timeout; recorded.
  func checkNodes() async throws(UserError) -> ReplCommandResult {
    guard hasInventory, !inventory.nodes.isEmpty else {
      output.say("No inventory: start lifeline with --inventory FILE (see docs/inventory.md).")
      return .failed
    }
    let executor = self.executor
    let recorder = self.recorder
    let nodes = inventory.nodes
    let task = Task { await ReachabilityProbe.probe(nodes, executor: executor, recorder: recorder) }
    output.say("Checking \(inventory.nodes.count) nodes (timeout \(DurationText.format(ReachabilityProbe.timeout)))…")
    let results = await interrupts.whileRunning(cancel: { task.cancel() }) { await task.value }
    var failures = 0
    for (row, result) in zip(nodeRows(), results) {
      let elapsed = DurationText.elapsed(result.duration)
      let verdict: String
      switch result.outcome {
      case .exited(0): verdict = output.style.green("✓ answered in \(elapsed)")
      case .exited(let status): verdict = output.style.yellow("answered, but `true` exited \(status)")
      case .signaled(let signal): verdict = output.style.red("✗ killed by SIG\(signal)")
      case .failed(.cancelled): verdict = output.style.yellow("cancelled")
      case .failed(let failure): verdict = output.style.red("✗ \(output.shown(failure.reason))")
      }
      if result.outcome != .exited(0) { failures += 1 }
      output.say("\(row.text)  \(verdict)")
      try record(.execStart(node: row.name, command: "true"))
      try record(.execEnd(result))
    }
    if results.contains(where: { $0.outcome == .failed(.cancelled) }) { return .interrupted }
    for result in results {
      if case .failed(let failure) = result.outcome, failure.reason != failure.description {
        output.hint("\(result.target): \(output.shown(failure.description))")
      }
    }
    return failures == 0 ? .succeeded : .failed
  }

  private func nodeRows() -> [(name: String, text: String)] {
    let nameWidth = inventory.nodes.map(\.name.count).max() ?? 0
    let addresses = inventory.nodes.map { "\($0.user)@\($0.host):\($0.port)" }
    let addressWidth = addresses.map(\.count).max() ?? 0
    return zip(inventory.nodes, addresses).map { node, address in
      let name = node.name + String(repeating: " ", count: nameWidth - node.name.count)
      return (node.name, "  \(name)  \(address)\(String(repeating: " ", count: addressWidth - address.count))")
    }
  }
}
