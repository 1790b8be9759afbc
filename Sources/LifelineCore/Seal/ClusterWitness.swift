/// Keeps a seal's message in the journals of the cluster's nodes, and reads it back.
///
/// At the end of a session the message goes into the journal of every node the session
/// reached (`logger -t lifeline`), over the session's own connections. Whoever later rewrites
/// the transcript, with the signing key or without, must also rewrite those journals, on
/// nodes other people administer too.
public struct ClusterWitness: Sendable {
  /// The syslog identifier of the journal lines (`journalctl -t lifeline`).
  public static let tag = "lifeline"

  var executor: any CommandExecutor
  var timeout: Duration

  public init(executor: any CommandExecutor, timeout: Duration = .seconds(10)) {
    self.executor = executor
    self.timeout = timeout
  }

  /// Logs `message` on each node, all at once; a node that does not answer is left out.
  public func record(_ message: SealMessage, on nodes: [String]) async -> [WitnessEntry] {
    let command = "logger -t \(Self.tag) -- \(ShellQuoting.quote(message.line))"
    let outcomes = await run(command, on: nodes)
    return nodes.map { node in
      let (outcome, output) = outcomes[node] ?? (.failed(.other("not run")), "")
      if outcome == .exited(0) { return WitnessEntry(node: node, logged: true) }
      return WitnessEntry(node: node, logged: false, detail: Self.describe(outcome, output: output))
    }
  }

  /// What each node's journal holds about the transcript `fileName`.
  public func read(fileName: String, on nodes: [String]) async -> [JournalWitness] {
    let file = SealMessage.label(fileName)
    // Filtered on the node, so that years of seals of other records stay there.
    let outcomes = await run(
      "journalctl -t \(Self.tag) --no-pager | grep -F -e \(ShellQuoting.quote("file=\(file) ")) || true", on: nodes)
    return nodes.map { node in
      let (outcome, output) = outcomes[node] ?? (.failed(.other("not run")), "")
      guard outcome == .exited(0) else {
        return JournalWitness(node: node, messages: nil, detail: Self.describe(outcome, output: output))
      }
      let messages = output.split(separator: "\n").compactMap(SealMessage.find).filter { $0.file == file }
      return JournalWitness(node: node, messages: messages, detail: nil)
    }
  }

  /// The nodes a transcript says its session connected to, in the order it first reached them.
  public static func nodesReached(in contents: String) -> [String] {
    var nodes: [String] = []
    for line in contents.split(separator: "\n") where line.contains("\"type\":\"connection\"") {
      guard let event = RecordedEvent(line: line), event.type == .connection, let node = event.string("node"),
        ["connected", "reconnected"].contains(event.string("event")), !nodes.contains(node)
      else { continue }
      nodes.append(node)
    }
    return nodes
  }

  private func run(_ command: String, on nodes: [String]) async -> [String: (CommandOutcome, String)] {
    await withTaskGroup(of: (String, CommandOutcome, String).self) { group in
      for node in nodes {
        group.addTask { [executor, timeout] in
          let collected = OutputCollector()
          let outcome = await executor.run(
            CommandRequest(command: command, target: .node(node), timeout: timeout)
          ) { event in
            if case .output(let stream, let bytes) = event { collected.append(stream, bytes) }
          }
          let (stdout, stderr) = collected.tails
          return (node, outcome, stdout.text + stderr.text)
        }
      }
      var results: [String: (CommandOutcome, String)] = [:]
      for await (node, outcome, output) in group { results[node] = (outcome, output) }
      return results
    }
  }

  private static func describe(_ outcome: CommandOutcome, output: String) -> String {
    let said = output.split(separator: "\n").last.map { ": \($0)" } ?? ""
    switch outcome {
    case .exited(let status): return "exit \(status)\(said)"
    case .signaled(let signal): return "killed by \(signal)"
    case .failed(let failure): return failure.reason
    }
  }
}
