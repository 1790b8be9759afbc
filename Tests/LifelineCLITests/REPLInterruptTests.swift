import Foundation
import LifelineCore
import SSHTestSupport
import Testing

/// Ctrl-C at a question or a confirmation cancels it, as psql and bash do: nothing runs, the
/// cancellation is recorded, the console's prompt comes back, and the next line typed is a
/// command, not an answer. In a real terminal (tmux).
@Suite("console: Ctrl-C at a question", .serialized, .enabled(if: REPLTmux.isAvailable, "tmux is not installed"))
struct REPLInterruptTests {
  @Test("Ctrl-C at exec's confirmation: not confirmed, nothing run, recorded, and the next line is a command")
  func execConfirmation() throws {
    let workspace = try REPLWorkspace()
    try workspace.write("cluster: homelab-cluster\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "inventory.yaml")
    let marker = workspace.directory + "/" + workspace.marker
    let terminal = try REPLTmux(in: workspace)
    try terminal.waitForPrompt("homelab-cluster>")

    try terminal.type("exec local touch \(marker)", "Enter")
    try cancel(at: "Run it on local? [yes/no]", thenNoteAt: "homelab-cluster>", in: terminal)
    try terminal.type("", "C-d")
    #expect(try terminal.waitForExit() == 0)

    #expect(!FileManager.default.fileExists(atPath: marker), "the cancelled command must not run")
    let events = try workspace.events(of: try #require(workspace.transcripts.first))
    let summary = events.map { event -> String in
      let type = event["type"]?.stringValue ?? "?"
      let detail = event["answer"]?.stringValue ?? event["text"]?.stringValue ?? ""
      return detail.isEmpty ? type : "\(type):\(detail)"
    }
    #expect(
      summary == ["session.start", "confirm:declined", "note:typed after the cancel", "session.end", "seal"],
      "\(summary)")
  }

  @Test("Ctrl-C at exec's confirmation for a node already connected over SSH: the same")
  func execConfirmationOnAConnectedNode() throws {
    let fixture = try SSHServerFixture(nodes: ["node1"])
    defer { fixture.stop() }
    let workspace = try REPLWorkspace()
    let server = fixture.server("node1")
    try workspace.write(
      """
      cluster: homelab-cluster
      defaults: {user: \(fixture.user), identity: \(fixture.clientKey.privateKeyFile), known_hosts: \(fixture.knownHostsFile)}
      nodes:
        node1: {host: \(server.host), port: \(server.port)}

      """, to: "inventory.yaml")
    let marker = workspace.directory + "/" + workspace.marker
    let terminal = try REPLTmux(in: workspace)
    try terminal.waitForPrompt("homelab-cluster>")

    try terminal.type("exec node1 echo reached", "Enter")
    try terminal.waitForPrompt("Run it on node1? [yes/no]")
    try terminal.type("yes", "Enter")
    try terminal.waitFor("  ✓ exit 0")
    try terminal.waitForPrompt("homelab-cluster>")
    try terminal.type("exec node1 touch \(marker)", "Enter")
    try cancel(at: "Run it on node1? [yes/no]", thenNoteAt: "homelab-cluster>", in: terminal)
    try terminal.type("", "C-d")
    #expect(try terminal.waitForExit() == 0)

    #expect(!FileManager.default.fileExists(atPath: marker), "the cancelled command must not run")
    let events = try workspace.events(of: try #require(workspace.transcripts.first))
    let answers = events.filter { $0["type"]?.stringValue == "confirm" }.compactMap { $0["answer"]?.stringValue }
    #expect(answers == ["confirmed", "declined"])
    #expect(
      events.contains { $0["type"]?.stringValue == "note" && $0["text"]?.stringValue == "typed after the cancel" })
  }

  @Test("Ctrl-C at a runbook's question and at its confirmation: the step does not run, the prompt comes back")
  func runbookQuestionAndConfirmation() throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    try workspace.write("cluster: homelab-cluster\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "inventory.yaml")
    let terminal = try REPLTmux(in: workspace)
    try terminal.waitForPrompt("homelab-cluster>")
    try terminal.type("load drill node=pve1", "Enter")
    try terminal.waitForPrompt("homelab-cluster drill:hello>")

    // The question: cancelled, the step stays current, the next line is a command.
    try terminal.type("run", "Enter")
    try terminal.waitForPrompt("answer:")
    try terminal.type("", "C-c")
    try terminal.waitFor("Not answered: nothing was run.")
    try terminal.waitFor("Step 'decide' did not run: the operator cancelled the question.")
    try terminal.waitForPrompt("homelab-cluster drill:decide>")

    // The confirmation: not confirmed, the step does not run.
    try terminal.type("goto change", "Enter")
    try terminal.waitForPrompt("homelab-cluster drill:change>")
    try terminal.type("step", "Enter")
    try cancel(at: "Run step 'change'? [yes/no]", thenNoteAt: "homelab-cluster drill:change>", in: terminal)
    try terminal.type("", "C-d")
    #expect(try terminal.waitForExit() == 0)
    #expect(!(try terminal.screen()).contains("  changed"), "the declined step must not run")

    let events = try workspace.events(of: try #require(workspace.transcripts.first))
    let summary = events.map { event -> String in
      let type = event["type"]?.stringValue ?? "?"
      let detail = event["action"]?.stringValue ?? event["answer"]?.stringValue ?? event["step"]?.stringValue ?? ""
      return detail.isEmpty ? type : "\(type):\(detail)"
    }
    #expect(
      summary == [
        "session.start", "runbook.load", "step.start:hello", "output:hello", "step.end:hello", "flow:stop",
        "flow:goto", "confirm:declined", "note", "flow:stop", "session.end", "seal",
      ], "\(summary)")
    let stop = events.first { $0["type"]?.stringValue == "flow" && $0["action"]?.stringValue == "stop" }
    #expect(stop?["step"]?.stringValue == "decide")
    #expect(stop?["detail"]?.stringValue == "the operator cancelled the question")
  }

  /// Ctrl-C at a confirmation: "Not confirmed", the prompt comes back, and the next line typed
  /// (a note) is taken as a command, not as the answer.
  private func cancel(at confirmation: String, thenNoteAt prompt: String, in terminal: REPLTmux) throws {
    try terminal.waitForPrompt(confirmation)
    try terminal.type("", "C-c")
    try terminal.waitFor("Not confirmed: nothing was run.")
    try terminal.waitForPrompt(prompt)
    try terminal.type("note typed after the cancel", "Enter")
    try terminal.waitFor("Noted.")
    try terminal.waitForPrompt(prompt)
  }
}
