import Foundation
import Glibc
import LifelineCore
import SSHTestSupport
import Testing

/// The safety interlocks and host-key checks, through `lifeline run` against real sshd nodes:
/// a destructive step runs only when its node does not answer over SSH and the cluster is
/// quorate, and only with `--confirm-node`; restarting corosync on the last quorate majority
/// is confirmed twice; nothing runs on a node whose host key is unknown or changed. Every
/// refused step would have created a marker file on the node: the marker must not exist.
///
/// The nodes' sessions find a fake `pvecm` (quorum read from files the test writes) and a
/// fake `systemctl` first on their PATH.
@Suite("reliability: interlocks and host keys", .serialized)
struct ReliabilityInterlockTests {
  /// Three sshd nodes whose sessions see the fake cluster tools, and a workspace.
  final class Cluster {
    let workspace: ReliabilityWorkspace
    let fixture: SSHServerFixture

    init() throws {
      workspace = try ReliabilityWorkspace()
      let bin = workspace.directory + "/bin"
      let home = workspace.directory + "/node-home"
      for folder in [bin, home] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      }
      try workspace.write("", to: "node-home/.bashrc")
      let state = workspace.directory + "/quorum"
      try workspace.write(
        """
        #!/bin/sh
        # A fake pvecm: quorum from \(state)/votes and \(state)/quorum.
        votes=$(cat \(state)/votes 2>/dev/null || echo 3)
        quorum=$(cat \(state)/quorum 2>/dev/null || echo 2)
        case "$1" in
          status)
            quorate=Yes; [ "$votes" -lt "$quorum" ] && quorate=No
            printf 'Cluster information\\n-------------------\\nName:             reliability\\n\\n'
            printf 'Quorum information\\n------------------\\nQuorate:          %s\\n\\n' "$quorate"
            printf 'Votequorum information\\n----------------------\\nExpected votes:   3\\nHighest expected: 3\\n'
            printf 'Total votes:      %s\\nQuorum:           %s  \\nFlags:            Quorate\\n' "$votes" "$quorum"
            [ "$quorate" = Yes ] || exit 2 ;;
          delnode) echo "Killing node $2" ;;
          *) echo "pvecm $*" ;;
        esac
        """, to: "bin/pvecm")
      try workspace.write(
        "#!/bin/sh\necho \"systemctl $*\" >> \(workspace.markers)/systemctl.log\n", to: "bin/systemctl")
      _ = chmod(bin + "/pvecm", 0o755)
      _ = chmod(bin + "/systemctl", 0o755)
      try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
      fixture = try SSHServerFixture(
        nodes: ["pve1", "pve2", "pve3"], fastLoginShell: false,
        extraConfig: ["SetEnv HOME=\(home) PATH=\(bin):/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"])
      workspace.inventory = try workspace.writeInventory(fixture: fixture, connectTimeout: "2s")
    }

    func setQuorum(votes: Int, quorum: Int) throws {
      try workspace.write("\(votes)\n", to: "quorum/votes")
      try workspace.write("\(quorum)\n", to: "quorum/quorum")
    }

    deinit { fixture.stop() }
  }

  /// `pvecm delnode {{ node }}` from a healthy member, as the delnode runbook does.
  static func delnodeRunbook(marker: String) -> String {
    """
    name: remove-node
    title: Remove a dead node from the cluster
    params:
      node: {description: The dead node, required: true}
      member: {description: A healthy member, default: pve2}
    steps:
      - id: remove
        title: Remove the node
        on: "{{ member }}"
        confirm: Remove the node from the cluster?
        destructive: "{{ node }}"
        run: touch \(marker); pvecm delnode {{ node }}
    """
  }

  @Test("a destructive step whose node still answers over SSH is refused; it never runs")
  func refusedWhileNodeAnswers() throws {
    let cluster = try Cluster()
    let workspace = cluster.workspace
    let marker = workspace.marker("deleted")
    let runbook = try workspace.writeRunbook(Self.delnodeRunbook(marker: marker), named: "remove-node")
    let run = try workspace.run(workspace.runArguments(runbook, ["--node", "pve1", "--confirm-node", "pve1", "--yes"]))

    #expect(run.status == 1, "\(run)")
    #expect(!workspace.exists(marker), "the destructive step ran while pve1 answers over SSH")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(!transcript.startedSteps.contains("remove"))
    let said = run.stdoutText + run.stderr + transcript.events.map { $0.serialized() }.joined()
    #expect(said.contains("answers over SSH"), "the refusal must say why: \(run)")
    #expect(try workspace.auditTranscripts() == [])
  }

  @Test("the same destructive step runs once its node is down and the cluster quorate (control)")
  func allowedWhenNodeIsDown() throws {
    let cluster = try Cluster()
    let workspace = cluster.workspace
    try cluster.setQuorum(votes: 2, quorum: 2)
    cluster.fixture.crash("pve1")
    let marker = workspace.marker("deleted")
    let runbook = try workspace.writeRunbook(Self.delnodeRunbook(marker: marker), named: "remove-node")
    let run = try workspace.run(workspace.runArguments(runbook, ["--node", "pve1", "--confirm-node", "pve1", "--yes"]))

    #expect(run.status == 0, "\(run)")
    #expect(workspace.exists(marker), "the interlocks refused a step they should allow")
    #expect(try workspace.auditTranscripts() == [])
  }

  @Test("a destructive step on a down node is refused while the cluster is not quorate")
  func refusedWithoutQuorum() throws {
    let cluster = try Cluster()
    let workspace = cluster.workspace
    try cluster.setQuorum(votes: 1, quorum: 2)
    cluster.fixture.crash("pve1")
    let marker = workspace.marker("deleted")
    let runbook = try workspace.writeRunbook(Self.delnodeRunbook(marker: marker), named: "remove-node")
    let run = try workspace.run(workspace.runArguments(runbook, ["--node", "pve1", "--confirm-node", "pve1", "--yes"]))

    #expect(run.status == 1, "\(run)")
    #expect(!workspace.exists(marker), "the destructive step ran without quorum")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(!transcript.startedSteps.contains("remove"))
    let said = run.stdoutText + run.stderr + transcript.events.map { $0.serialized() }.joined()
    #expect(said.contains("not quorate"), "the refusal must say why: \(run)")
    #expect(try workspace.auditTranscripts() == [])
  }

  @Test(
    "a destructive step without --confirm-node (or with another node's name) is stopped, even with --yes",
    arguments: [[], ["--confirm-node", "pve3"]])
  func needsConfirmNode(extra: [String]) throws {
    let cluster = try Cluster()
    let workspace = cluster.workspace
    try cluster.setQuorum(votes: 2, quorum: 2)
    cluster.fixture.crash("pve1")
    let marker = workspace.marker("deleted")
    let runbook = try workspace.writeRunbook(Self.delnodeRunbook(marker: marker), named: "remove-node")
    let run = try workspace.run(workspace.runArguments(runbook, ["--node", "pve1", "--yes"] + extra))

    #expect(run.status == 1, "\(run)")
    #expect(!workspace.exists(marker))
    #expect(run.stdoutText.contains("--confirm-node pve1"), "\(run)")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(transcript.outcome == "stopped")
    #expect(!transcript.startedSteps.contains("remove"))
    #expect(transcript.events("confirm", step: "remove").first?["answer"]?.stringValue == "unanswered")
    #expect(try workspace.auditTranscripts() == [])
  }

  /// `systemctl restart corosync` on a member whose vote the quorum cannot spare.
  static let restartRunbook = """
    name: restart-corosync
    title: Restart corosync on a member
    steps:
      - id: restart
        title: Restart corosync
        on: pve1
        confirm: Restart corosync on pve1?
        run: systemctl restart corosync
    """

  @Test("restarting corosync on the last quorate majority asks twice; with a vote to spare, once")
  func lastMajorityAsksTwice() throws {
    let cluster = try Cluster()
    let workspace = cluster.workspace
    let runbook = try workspace.writeRunbook(Self.restartRunbook, named: "restart-corosync")

    // 3 votes, quorum 2: one vote to spare, one confirmation.
    try cluster.setQuorum(votes: 3, quorum: 2)
    let spare = try workspace.run(workspace.runArguments(runbook, ["--yes"]))
    #expect(spare.status == 0, "\(spare)")
    let first = try Transcript(try #require(workspace.transcriptFiles.last))
    #expect(first.events("confirm", step: "restart").count == 1)

    // 2 votes, quorum 2: pve1 holds one of the last votes.
    try cluster.setQuorum(votes: 2, quorum: 2)
    let before = Set(workspace.transcriptFiles)
    let last = try workspace.run(workspace.runArguments(runbook, ["--yes"]))
    let file = try #require(Set(workspace.transcriptFiles).subtracting(before).first)
    let second = try Transcript(file)
    let confirms = second.events("confirm", step: "restart")
    let started = second.startedSteps.contains("restart")
    #expect(confirms.count == 2 || !started, "the restart ran after \(confirms.count) confirmation: \(last)")
    #expect(confirms.count >= 2, "the second confirmation was never asked: \(last)")
    if let index = second.events.firstIndex(where: { $0["type"]?.stringValue == "step.start" }) {
      let confirmsBefore = second.events[..<index].filter { $0["type"]?.stringValue == "confirm" }.count
      #expect(confirmsBefore >= 2, "the step started before its second confirmation")
    }
    #expect(try workspace.auditTranscripts() == [])
  }

  @Test("nothing runs on a node whose host key is unknown")
  func unknownHostKey() throws {
    let cluster = try Cluster()
    let workspace = cluster.workspace
    let fixture = cluster.fixture
    let knownHosts = try fixture.writeKnownHosts(
      fixture.servers.filter { $0.name != "pve1" }.map { $0.knownHostsEntry() }, named: "known_hosts_without_pve1")
    workspace.inventory = try workspace.writeInventory(fixture: fixture, knownHosts: knownHosts)
    let marker = workspace.marker("ran")
    let runbook = try workspace.writeRunbook(
      """
      name: touch
      title: Touch a marker
      steps:
        - {id: touch, title: Touch, on: pve1, run: touch \(marker)}
      """, named: "touch")
    let run = try workspace.run(workspace.runArguments(runbook))

    #expect(run.status == 1, "\(run)")
    #expect(!workspace.exists(marker), "a command ran on a node whose host key is unknown")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(transcript.failure(of: "touch") == "host key unknown")
    let failed = transcript.events("connection").first { $0["event"]?.stringValue == "failed" }
    #expect(failed?["fingerprint"]?.stringValue == fixture.server("pve1").hostKey.fingerprint)
    #expect(run.stdoutText.contains("lifeline trust pve1"), "\(run)")
    #expect(fixture.acceptedLogins(on: "pve1") == 0, "lifeline logged in to a node it does not know")
    #expect(try workspace.auditTranscripts() == [])
  }

  @Test("nothing runs on a node whose host key changed, also when it changes between two steps")
  func changedHostKey() throws {
    let cluster = try Cluster()
    let workspace = cluster.workspace
    let fixture = cluster.fixture
    let before = workspace.marker("before")
    let after = workspace.marker("after")
    let flag = workspace.marker("reinstalled")
    let runbook = try workspace.writeRunbook(
      """
      name: reinstalled
      title: The node's host key changes between two steps
      steps:
        - {id: before, title: Before, on: pve1, run: touch \(before)}
        - id: wait
          title: Wait while the node is reinstalled
          on: local
          run: while [ ! -e \(flag) ]; do sleep 0.05; done
          timeout: 5m
        - {id: after, title: After, on: pve1, run: touch \(after)}
      """, named: "reinstalled")

    let process = try workspace.start(workspace.runArguments(runbook))
    try #require(
      ReliabilityEvents.wait(in: workspace, within: .seconds(120)) { $0.startedSteps.contains("wait") })
    // Reinstalled (or impersonated): the same address answers with another host key.
    let other = try fixture.makeKey(named: "new_host_key")
    let server = fixture.server("pve1")
    fixture.crash("pve1")
    for suffix in ["", ".pub"] {
      try? FileManager.default.removeItem(atPath: server.hostKey.privateKeyFile + suffix)
      try FileManager.default.copyItem(
        atPath: other.privateKeyFile + suffix, toPath: server.hostKey.privateKeyFile + suffix)
    }
    try fixture.restart("pve1")
    let loginsBefore = fixture.acceptedLogins(on: "pve1")
    workspace.touch(flag)
    let run = try workspace.finish(process)

    #expect(run.status == 1, "\(run)")
    #expect(workspace.exists(before))
    #expect(!workspace.exists(after), "a command ran on a node whose host key changed")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(transcript.failure(of: "after") == "host key changed")
    let failed = transcript.events("connection").last { $0["event"]?.stringValue == "failed" }
    #expect(failed?["fingerprint"]?.stringValue == other.fingerprint)
    #expect(run.stdoutText.contains("HOST KEY CHANGED"), "\(run)")
    #expect(fixture.acceptedLogins(on: "pve1") == loginsBefore, "lifeline logged in to the changed node")

    // A fresh run against the changed node is refused from the start.
    let fresh = try workspace.run(workspace.runArguments(runbook))
    #expect(fresh.status == 1)
    #expect(fixture.acceptedLogins(on: "pve1") == loginsBefore)
    #expect(try workspace.auditTranscripts() == [])
  }
}
