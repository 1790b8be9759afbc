import Foundation
import LifelineCore
import SSHTestSupport
import Testing

/// The console against real OpenSSH servers on loopback addresses, driven in a terminal.
@Suite("console: against sshd nodes", .serialized, .enabled(if: REPLTmux.isAvailable, "tmux is not installed"))
struct REPLClusterTests {
  @Test("nodes --check, trust, a fan-out, Ctrl-C on a remote step, a refused destructive step and exec")
  func cluster() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1", "pve2", "pve3"])
    defer { fixture.stop() }
    let workspace = try REPLWorkspace()
    let operatorKnownHosts = workspace.directory + "/home/.ssh/known_hosts"
    try workspace.write(inventory(of: fixture, knownHosts: ["pve3": operatorKnownHosts]), to: "inventory.yaml")
    try workspace.write(
      """
      name: cluster-drill
      title: A drill on the nodes
      params:
        node: {description: The node at risk, required: true}
      steps:
        - id: everyone
          title: Every node answers
          on: all
          run: echo up {{ target }}
        - id: hang
          title: A command that hangs
          on: "{{ node }}"
          run: sleep 300; echo \(workspace.marker)
          timeout: 10m
        - id: remove
          title: Remove the node
          on: "{{ node }}"
          destructive: true
          run: echo removed {{ target }}
      """, to: "Runbooks/cluster-drill.yaml")
    let terminal = try REPLTmux(in: workspace)
    try terminal.waitForPrompt("sshlab>")

    // pve3's key is not in the operator's known_hosts yet.
    try terminal.type("nodes --check", "Enter")
    try terminal.waitFor("✓ answered in", count: 2)
    try terminal.waitFor("✗ host key unknown")
    try terminal.waitForPrompt("sshlab>")

    try terminal.type("trust pve3", "Enter")
    try terminal.waitFor(fixture.server("pve3").hostKey.fingerprint)
    try terminal.waitForPrompt("Does it match the key on pve3's console? Record it [yes/no]")
    try terminal.type("yes", "Enter")
    try terminal.waitFor("Trusted: pve3")
    try terminal.waitForPrompt("sshlab>")
    let trusted = try String(contentsOfFile: operatorKnownHosts, encoding: .utf8)
    #expect(trusted == fixture.server("pve3").knownHostsEntry() + "\n")
    try terminal.type("nodes --check", "Enter")
    try terminal.waitFor("✓ answered in", count: 5)
    try terminal.waitForPrompt("sshlab>")

    // A fan-out, then a remote step that hangs until Ctrl-C, which ends it on the node too.
    try terminal.type("load cluster-drill node=pve2", "Enter")
    try terminal.waitForPrompt("sshlab cluster-drill:everyone>")
    try terminal.type("run", "Enter")
    try terminal.waitFor("pve3 | up pve3")
    try terminal.waitFor("/ 10:00  Ctrl-C cancels")
    try REPLPolling.until("the remote command runs") { !workspace.markedProcesses.isEmpty }
    try terminal.type("", "C-c")
    try terminal.waitFor("Step 'hang' was cancelled.")
    try REPLPolling.until("the remote command has ended") { workspace.markedProcesses.isEmpty }
    try terminal.waitForPrompt("sshlab cluster-drill:hang>")

    // A destructive step asks for the node's name; a wrong name runs nothing.
    try terminal.type("skip", "Enter")
    try terminal.waitForPrompt("sshlab cluster-drill:remove>")
    try terminal.type("step", "Enter")
    try terminal.waitForPrompt("Type the node name 'pve2' to run step 'remove':")
    try terminal.type("pve1", "Enter")
    try terminal.waitFor("'pve1' is not 'pve2': nothing was run.")
    try terminal.waitForPrompt("sshlab cluster-drill:remove>")
    try terminal.type("step", "Enter")
    try terminal.waitForPrompt("Type the node name 'pve2' to run step 'remove':")
    // pve2 answers over SSH: the interlocks refuse to run it, as in lifeline run.
    try terminal.type("pve2", "Enter")
    try terminal.waitFor("refused by the safety interlocks: pve2 answers over SSH")
    try terminal.waitForPrompt("sshlab cluster-drill:remove>")
    #expect(!(try terminal.screen()).contains("  removed pve2"), "the destructive step ran")
    try terminal.type("skip", "Enter")
    try terminal.waitForPrompt("sshlab cluster-drill[succeeded]>")

    try terminal.type("exec pve1 echo hello from $((6*7))", "Enter")
    try terminal.waitForPrompt("Run it on pve1? [yes/no]")
    try terminal.type("yes", "Enter")
    try terminal.waitFor("  hello from 42")
    try terminal.waitFor("✓ exit 0")
    try terminal.waitForPrompt("sshlab cluster-drill[succeeded]>")
    try terminal.type("quit", "Enter")
    #expect(try terminal.waitForExit() == 0)

    let events = try workspace.events(of: try #require(workspace.transcripts.first))
    let confirmations = events.filter { $0["type"]?.stringValue == "confirm" }.map {
      "\($0["step"]?.stringValue ?? "") \($0["answer"]?.stringValue ?? "")"
    }
    #expect(confirmations == ["trust pve3 confirmed", "remove declined", "remove confirmed", "exec pve1 confirmed"])
    #expect(events.contains { $0["type"]?.stringValue == "flow" && $0["action"]?.stringValue == "trust" })
    #expect(events.contains { $0["type"]?.stringValue == "flow" && $0["action"]?.stringValue == "cancel" })
    #expect(events.contains { $0["type"]?.stringValue == "flow" && $0["action"]?.stringValue == "refused" })
    #expect(!events.contains { $0["type"]?.stringValue == "step.start" && $0["step"]?.stringValue == "remove" })
    #expect(
      events.contains {
        $0["type"]?.stringValue == "exec.end" && $0["node"]?.stringValue == "pve1" && $0["exit"]?.intValue == 0
      })
    #expect(events.map { $0["type"]?.stringValue }.suffix(2) == ["session.end", "seal"])
    #expect(events.dropLast().last?["outcome"]?.stringValue == "succeeded")
  }

  @Test("an encrypted key's passphrase is asked for at the console, without echo")
  func passphrase() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let key = try fixture.makeKey(named: "encrypted", passphrase: "correct horse")
    try fixture.authorize(key)
    let workspace = try REPLWorkspace()
    try workspace.write(inventory(of: fixture, identity: key.privateKeyFile), to: "inventory.yaml")
    let terminal = try REPLTmux(in: workspace)
    try terminal.waitForPrompt("sshlab>")
    try terminal.type("nodes --check", "Enter")
    try terminal.waitFor("(to reach pve1):")
    try terminal.type("correct horse", "Enter")
    try terminal.waitFor("✓ answered in")
    #expect(!(try terminal.screen()).contains("correct horse"))
  }

  /// The fixture's nodes as an inventory file; a node may have its own known_hosts.
  private func inventory(
    of fixture: SSHServerFixture, identity: String? = nil, knownHosts: [String: String] = [:]
  ) -> String {
    var lines = ["cluster: sshlab", "nodes:"]
    for server in fixture.servers {
      lines.append(
        "  \(server.name): {host: \(server.host), port: \(server.port), user: \(fixture.user), "
          + "identity: \(identity ?? fixture.clientKey.privateKeyFile), "
          + "known_hosts: \(knownHosts[server.name] ?? fixture.knownHostsFile)}")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
