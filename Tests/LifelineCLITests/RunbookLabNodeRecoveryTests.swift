import Foundation
import LifelineLab
import Testing

/// node-recovery against the lab, one fault per test, each taking its own branch.
@Suite struct RunbookLabNodeRecoveryTests {
  @Test func networkFaultIsRepairedByRestoringTheSourceLine() throws {
    try RunbookLab.with(block: 1) { lab in
      try lab.lab.fail(node: "proxmox", mode: .network)
      let run = try lab.run("node-recovery", node: "proxmox", set: ["healthy": "proxmox2"])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(
        run.passes(through: [
          "cluster-quorum", "cluster-membership", "ping-node", "ssh-node", "service-state", "knet-links",
          "network-config", "decide-repair", "repair-network", "ifreload", "restart-corosync", "restart-pve-cluster",
          "wait-membership", "verify-quorum", "verify-lrm", "verify-ha-services", "verify-node-services",
        ]), "\(run.path)")
      #expect(!run.path.contains("probe-ssh-port") && !run.path.contains("find-healthy"))
      #expect(
        run.findings.contains {
          $0.severity == "critical" && $0.text.hasPrefix("[Network] /etc/network/interfaces on proxmox lacks")
        })
      #expect(
        run.findings.contains { $0.text.hasPrefix("[Corosync] this boot's journal on proxmox shows it cut off") })
      let interfaces = try String(
        contentsOfFile: lab.lab.layout.root + "/nodes/proxmox/network/interfaces", encoding: .utf8)
      #expect(interfaces.contains(line: #"^source /etc/network/interfaces\.d/\*$"#))
      try lab.expectHealthy(from: "proxmox2")
      #expect(try lab.lab.status().nodes.allSatisfy { $0.faults.isEmpty })
      try lab.verify(run)
    }
  }

  /// Without `healthy`, the runbook asks the first quorate member other than the node.
  @Test func failedCorosyncIsRestarted() throws {
    try RunbookLab.with(block: 2) { lab in
      try lab.lab.fail(node: "proxmox3", mode: .corosync)
      let run = try lab.run("node-recovery", node: "proxmox3")
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(run.output.contains("asking proxmox\n"), "\(run.output)")
      #expect(
        run.passes(through: [
          "check-params", "find-healthy", "found-healthy", "cluster-quorum", "ssh-node", "service-state", "knet-links",
          "cluster-journal", "network-config", "decide-repair",
          "restart-corosync", "restart-pve-cluster", "wait-membership", "verify-node-services",
        ]), "\(run.path)")
      #expect(!run.path.contains("repair-network"))
      #expect(run.findings.contains { $0.text == "[Corosync] corosync or pve-cluster is not active on proxmox3" })
      #expect(lab.sim("proxmox3", "systemctl", "is-active", "corosync").stdout == "active\n")
      try lab.expectHealthy(from: "proxmox")
      try lab.verify(run)
    }
  }

  /// On a cluster where HA was never configured, no master and no lrm lines are normal: the
  /// recovery records no HA finding.
  @Test func aClusterWithoutHARecoversWithoutHAFindings() throws {
    try RunbookLab.with(block: 19, ha: false) { lab in
      try lab.lab.fail(node: "proxmox2", mode: .corosync)
      let run = try lab.run("node-recovery", node: "proxmox2")
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(run.passes(through: ["ha-state", "restart-corosync", "verify-lrm", "verify-ha-services"]), "\(run.path)")
      #expect(!run.findings.contains { $0.text.hasPrefix("[HA]") }, "\(run.findings)")
      try lab.verify(run)
    }
  }

  /// Ping and SSH fail (the address is unreachable): the power questions, then the node is
  /// powered on while the runbook waits for SSH.
  @Test func nodeThatIsDownIsPoweredOnAndRejoins() throws {
    try RunbookLab.with(block: 3) { lab in
      try lab.lab.fail(node: "proxmox", mode: .down)
      let run = try lab.run(
        "node-recovery", node: "proxmox", set: ["healthy": "proxmox2"],
        answers: ["ask-power": "powered-off", "ask-power-on": "booting"],
        actions: [.init(step: "wait-ssh") { try lab.lab.heal(node: "proxmox") }])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(
        run.passes(through: [
          "cluster-membership", "ping-node", "ssh-without-ping", "wait-ssh", "service-state", "decide-repair",
          "wait-membership", "verify-node-services",
        ]), "\(run.path)")
      #expect(!run.path.contains("probe-ssh-port") && !run.path.contains("restart-corosync"))
      #expect(run.findings.contains { $0.text.hasPrefix("[Reachability] proxmox answers neither ping nor SSH") })
      // A fresh boot's journal holds only corosync's normal start messages (`has no active
      // links` for each peer until knet connects): no finding.
      #expect(run.path.contains("cluster-journal"), "\(run.path)")
      #expect(!run.findings.contains { $0.text.hasPrefix("[Corosync] this boot's journal") }, "\(run.findings)")
      try lab.expectHealthy(from: "proxmox2")
      try lab.verify(run)
    }
  }

  /// Ping works and the SSH port accepts connections, but no banner comes: the console
  /// questions, then a hard reset (power cycle) while the runbook waits for SSH.
  @Test func hungNodeIsResetAndRejoins() throws {
    try RunbookLab.with(block: 4) { lab in
      try lab.lab.fail(node: "proxmox3", mode: .hang)
      let reset = RunbookLab.Action(step: "wait-ssh") {
        try lab.lab.fail(node: "proxmox3", mode: .down)
        try lab.lab.heal(node: "proxmox3")
      }
      let run = try lab.run(
        "node-recovery", node: "proxmox3", set: ["healthy": "proxmox2"],
        answers: ["ssh-login-problem": "timeout", "ask-console": "frozen", "ask-hard-reset": "reset"],
        actions: [reset])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(
        run.passes(through: [
          "ping-node", "ssh-node", "probe-ssh-port", "wait-ssh", "service-state", "decide-repair", "wait-membership",
          "verify-node-services",
        ]), "\(run.path)")
      #expect(!run.path.contains("ssh-without-ping"))
      #expect(
        run.findings.contains {
          $0.text == "[Reachability] proxmox3 answers ping but Lifeline cannot run a command on it over SSH"
        })
      try lab.expectHealthy(from: "proxmox2")
      try lab.verify(run)
    }
  }
}
