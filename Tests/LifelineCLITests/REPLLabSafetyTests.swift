import Foundation
import LifelineCore
import Testing

/// The console is as safe as `lifeline run`: against the lab, a destructive step whose node
/// still answers is refused by the same interlocks, the cluster lock is taken at the first
/// changing step and given back when the session ends, and `api:` steps run.
@Suite("console: the safety of lifeline run", .serialized, .enabled(if: REPLTmux.isAvailable, "tmux is not installed"))
struct REPLLabSafetyTests {
  /// `pvecm delnode proxmox3` on proxmox2 while proxmox3 is up, after an API step.
  static let runbook = """
    name: remove-proxmox3
    title: Remove proxmox3 from the cluster
    steps:
      - id: cluster-status
        title: The API answers
        api: GET /cluster/status
      - id: remove
        title: Remove proxmox3
        on: proxmox2
        destructive: proxmox3
        run: pvecm delnode proxmox3
    """

  @Test("a live node is never removed from the console; the lock is taken and released; api steps run")
  func destructiveStepOnALiveNode() throws {
    try RunbookLab.with(block: 13) { lab in
      let workspace = try REPLWorkspace()
      try workspace.write(Self.runbook, to: "Runbooks/remove-proxmox3.yaml")
      let inventory = try String(contentsOfFile: lab.inventory, encoding: .utf8)
      let cluster = try #require(
        inventory.split(separator: "\n").first { $0.hasPrefix("cluster:") }?.dropFirst("cluster:".count)
          .trimmingCharacters(in: .whitespaces))
      let terminal = try REPLTmux(["--inventory", lab.inventory], in: workspace)
      try terminal.waitForPrompt("\(cluster)>")
      try terminal.type("load remove-proxmox3", "Enter")
      try terminal.waitForPrompt("\(cluster) remove-proxmox3:cluster-status>")
      try terminal.type("run", "Enter")
      try terminal.waitForPrompt("Type the node name 'proxmox3' to run step 'remove':")
      try terminal.type("proxmox3", "Enter")
      try terminal.waitFor("refused by the safety interlocks: proxmox3 answers over SSH")
      try terminal.waitForPrompt("\(cluster) remove-proxmox3:remove>")

      // The runbook is under way: this session holds the lock, in the cluster's /etc/pve.
      let held = try lab.ssh("proxmox", "cat \(ClusterLock.path)")
      #expect(held.status == 0 && held.output.contains("runbook=remove-proxmox3"), "\(held.output)")
      try terminal.type("quit", "Enter")
      #expect(try terminal.waitForExit() == 0)
      #expect(try lab.ssh("proxmox2", "test -e \(ClusterLock.path)").status != 0, "the lock was not released")

      let console = try workspace.events(of: try #require(workspace.transcripts.first))
      let started = console.filter { $0["type"]?.stringValue == "step.start" }.compactMap { $0["step"]?.stringValue }
      #expect(started == ["cluster-status"], "the destructive step started: \(started)")
      let apiStep = console.first {
        $0["type"]?.stringValue == "step.end" && $0["step"]?.stringValue == "cluster-status"
      }
      #expect(apiStep?["result"]?.stringValue == "ok", "\(String(describing: apiStep))")
      let locks = Self.flows("lock", in: console)
      #expect(
        locks.count == 2 && locks[0].hasPrefix("took the cluster lock") && locks[1].hasPrefix("released"), "\(locks)")

      // The same runbook through lifeline run is refused with the same words.
      let transcripts = workspace.directory + "/run-transcripts"
      let run = try CommandRun(
        RunbookLab.binary,
        [
          "run", workspace.directory + "/Runbooks/remove-proxmox3.yaml", "--inventory", lab.inventory,
          "--transcripts", transcripts, "--yes", "--confirm-node", "proxmox3",
        ]
      ).finish()
      #expect(run.status == 1, "\(run.output)")
      let file = try #require(
        try FileManager.default.contentsOfDirectory(atPath: transcripts).first { $0.hasSuffix(".jsonl") })
      let batch = try workspace.events(of: transcripts + "/" + file)
      #expect(Self.flows("refused", in: batch) == Self.flows("refused", in: console))
      #expect(Self.flows("refused", in: console).first?.contains("proxmox3 answers over SSH") == true)
      #expect(lab.sim("proxmox2", "pvecm", "nodes").stdout.contains("proxmox3"))
    }
  }

  private static func flows(_ action: String, in events: [JSONValue]) -> [String] {
    events.filter { $0["type"]?.stringValue == "flow" && $0["action"]?.stringValue == action }
      .compactMap { $0["detail"]?.stringValue }
  }
}
