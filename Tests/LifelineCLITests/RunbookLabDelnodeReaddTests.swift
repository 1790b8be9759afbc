import Foundation
import LifelineLab
import Testing

/// delnode-readd against the lab: a dead node leaves the cluster, and once reinstalled it joins again.
@Suite struct RunbookLabDelnodeReaddTests {
  /// The node is dead and its HA services run elsewhere; the operator moved its other guests'
  /// configs to a live node (they are on shared or lost storage), as the runbook demands.
  static func prepareDeadNode(_ lab: RunbookLab) throws {
    try lab.lab.fail(node: "proxmox", mode: .down)
    try lab.eventually("the HA services of proxmox recovered elsewhere") {
      let ha = lab.sim("proxmox2", "ha-manager", "status").stdout
      return !ha.contains("(proxmox,") && !ha.contains("recovery") && !ha.contains("fence")
    }
    let nodes = lab.lab.layout.root + "/pve/nodes"
    for directory in ["lxc", "qemu-server"] {
      for file in try FileManager.default.contentsOfDirectory(atPath: "\(nodes)/proxmox/\(directory)") {
        try FileManager.default.moveItem(
          atPath: "\(nodes)/proxmox/\(directory)/\(file)", toPath: "\(nodes)/proxmox2/\(directory)/\(file)")
      }
    }
  }

  @Test func aDeadNodeIsRemovedAndItsLeftoversCleanedUp() throws {
    try RunbookLab.with(block: 5) { lab in
      try Self.prepareDeadNode(lab)
      let run = try lab.run(
        "delnode-readd", node: "proxmox", set: ["link0": lab.address("proxmox")],
        answers: ["ask-powered-off": "off-for-good", "ask-leftover": "remove", "ask-reinstall": "later"],
        confirmNodes: ["proxmox"])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      // Without `healthy`, the first quorate member other than the dead node stays and asks.
      #expect(run.output.contains("asking proxmox2\n"), "\(run.output)")
      #expect(
        run.passes(through: [
          "find-healthy", "found-healthy", "cluster-quorate", "link-count", "node-in-config", "node-ssh", "node-ping",
          "no-ha-resources",
          "no-guest-configs", "no-replication", "no-qdevice", "no-ceph", "ha-rules-check", "delnode", "verify-removed",
          "show-leftover", "remove-leftover", "clean-authorized-key", "clean-known-hosts",
        ]), "\(run.path)")
      #expect(!run.path.contains("join-preconditions"))
      #expect(run.findings.allSatisfy { $0.severity != "critical" }, "\(run.findings)")

      try lab.expectHealthy(from: "proxmox2", votes: 2)
      #expect(!lab.sim("proxmox3", "pvecm", "nodes").stdout.contains("proxmox "))
      let pve = lab.lab.layout.root + "/pve"
      #expect(!(try String(contentsOfFile: pve + "/corosync.conf", encoding: .utf8)).contains("name: proxmox\n"))
      #expect(!FileManager.default.fileExists(atPath: pve + "/nodes/proxmox"))
      #expect(!(try String(contentsOfFile: pve + "/priv/authorized_keys", encoding: .utf8)).contains("root@proxmox\n"))
      #expect(!(try String(contentsOfFile: pve + "/priv/known_hosts", encoding: .utf8)).contains("proxmox "))
      try lab.verify(run)
    }
  }

  /// The documented cycle: the runbook removes the dead node and stops at the reinstall; the node
  /// is reinstalled and its new host key trusted; the runbook runs again with the same
  /// parameters, skips the removal, and the operator joins the node in a terminal.
  @Test func aReinstalledNodeJoinsAgain() throws {
    try RunbookLab.with(block: 6) { lab in
      try Self.prepareDeadNode(lab)
      let parameters = ["healthy": "proxmox2", "link0": lab.address("proxmox")]
      let removal = try lab.run(
        "delnode-readd", node: "proxmox", set: parameters,
        answers: ["ask-powered-off": "off-for-good", "ask-leftover": "remove", "ask-reinstall": "later"],
        confirmNodes: ["proxmox"])
      #expect(removal.status == 0, "\(removal.output)")
      try lab.lab.fail(node: "proxmox", mode: .reinstall)
      try lab.retrust("proxmox")

      let join = RunbookLab.Action(step: "wait-joined") {
        let joined = try lab.ssh(
          "proxmox", "cd / && pvecm add \(lab.address("proxmox2")) --link0 \(lab.address("proxmox"))",
          input: "root-password\nyes\n")
        #expect(joined.status == 0 && joined.output.contains("successfully added node 'proxmox' to cluster."))
      }
      let run = try lab.run(
        "delnode-readd", node: "proxmox", set: parameters, answers: ["ask-reinstall": "ready", "ask-join": "joined"],
        actions: [join])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(
        run.passes(through: [
          "cluster-quorate", "node-in-config", "show-leftover", "clean-authorized-key", "clean-known-hosts",
          "join-preconditions", "link0-local", "join-command", "wait-joined", "updatecerts", "verify-ha",
          "verify-node-services",
        ]), "\(run.path)")
      #expect(!run.path.contains("delnode") && !run.path.contains("remove-leftover"))
      #expect(run.findings.contains { $0.severity == "info" && $0.text.hasPrefix("[Cluster] proxmox is no longer") })
      #expect(!run.findings.contains { $0.severity != "info" }, "\(run.findings)")

      try lab.expectHealthy(from: "proxmox")
      #expect(lab.sim("proxmox2", "pvecm", "nodes").stdout.contains(line: #"^\s+1\s+1 proxmox$"#))
      let hostKey = try String(
        contentsOfFile: lab.lab.layout.root + "/nodes/proxmox/ssh_host_ed25519_key.pub", encoding: .utf8)
      let pinned = try String(
        contentsOfFile: lab.lab.layout.root + "/pve/nodes/proxmox/ssh_known_hosts", encoding: .utf8)
      #expect(pinned == "proxmox \(hostKey.split(separator: " ").prefix(2).joined(separator: " "))\n")
      try lab.verify(removal)
      try lab.verify(run)
    }
  }
}
