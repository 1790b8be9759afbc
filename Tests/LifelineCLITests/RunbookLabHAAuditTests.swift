import Foundation
import LifelineLab
import Testing

/// ha-audit against the audit report's cluster: healthy but on the softdog, and degraded by the
/// report's network fault.
@Suite struct RunbookLabHAAuditTests {
  /// The report's cluster before the failure: every node on the softdog (the report's "no
  /// fencing"), one corosync link, no bonds, all storage on one TrueNAS at 83 % (warn set to 80 %
  /// to flag it, as the report did).
  @Test func healthyClusterOnTheSoftdog() throws {
    try RunbookLab.with(block: 10) { lab in
      try lab.lab.fail(node: "all", mode: .noWatchdog)
      let run = try lab.run("ha-audit", set: ["warn": "80"])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      let findings = run.findings.map { "\($0.severity) \($0.text)" }.sorted()
      #expect(
        findings == [
          "info [Fencing] proxmox self-fences with the softdog (works; a hardware or IPMI watchdog is independent of the kernel)",
          "info [Fencing] proxmox2 self-fences with the softdog (works; a hardware or IPMI watchdog is independent of the kernel)",
          "info [Fencing] proxmox3 self-fences with the softdog (works; a hardware or IPMI watchdog is independent of the kernel)",
          "info [Guests] running guests are not HA-managed (listed above): they stay down when their node fails",
          "info [HA] no HA rules or groups: no anti-affinity keeps redundant services on different nodes",
          "info [Storage] a storage is at or above 80%: plan capacity",
          "warning [Backups] backups go to the server that also holds guest disks: one failure loses both; keep a copy elsewhere (another server, PBS sync, offsite)",
          "warning [Network] corosync has a single link: add a second one (another NIC and switch)",
          "warning [Network] proxmox has no bonded interface: one NIC, cable or switch port cuts it off",
          "warning [Network] proxmox2 has no bonded interface: one NIC, cable or switch port cuts it off",
          "warning [Network] proxmox3 has no bonded interface: one NIC, cable or switch port cuts it off",
          "warning [SPOF] all network storage for guest disks comes from one server: it is a single point of failure for every HA guest",
        ], "\(findings)")
      #expect(run.report.contains("**8.1 out of 10**"), "\(run.report)")
      #expect(run.report.contains("| Fencing | 0 | 0 | 3 | **8.5** |"))
      #expect(run.report.contains("| Network | 0 | 4 | 0 | **2.0** |"))
      try lab.verify(run)
    }
  }

  /// A cluster where HA was never configured: `ha-manager status` shows only `quorum OK`, no
  /// master and no lrm lines. That is normal there; the audit says HA protects nothing, as a
  /// warning, and nothing more about HA.
  @Test func aClusterWithoutHAIsNotAnHAFailure() throws {
    try RunbookLab.with(block: 18, ha: false) { lab in
      let run = try lab.run("ha-audit")
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      let ha = run.findings.filter { $0.text.hasPrefix("[HA]") }.map { "\($0.severity) \($0.text)" }.sorted()
      #expect(
        ha == [
          "info [HA] no HA rules or groups: no anti-affinity keeps redundant services on different nodes",
          "warning [HA] no HA resources are configured: nothing is restarted elsewhere when a node fails",
        ], "\(ha)")
      #expect(run.output.contains("HA was never configured here: no CRM master is expected"), "\(run.output)")
      try lab.verify(run)
    }
  }

  /// The report's incident: proxmox lost its interfaces.d source line and dropped out.
  @Test func degradedClusterAfterTheNetworkFault() throws {
    try RunbookLab.with(block: 11) { lab in
      try lab.lab.fail(node: "proxmox", mode: .network)
      try lab.eventually("the HA services of proxmox recovered elsewhere") {
        let ha = lab.sim("proxmox2", "ha-manager", "status").stdout
        return !ha.contains("(proxmox,") && !ha.contains("recovery") && !ha.contains("fence")
      }
      let run = try lab.run("ha-audit")
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      let findings = Set(run.findings.map { "\($0.severity) \($0.text)" })
      for expected in [
        "critical [Quorum] proxmox is unreachable or not in a quorate partition",
        "warning [Quorum] not all expected votes are present: the cluster runs degraded, one more failure can lose quorum",
        "warning [HA] an LRM is not active or idle (dead, lost its lock, or in maintenance): see the lrm lines",
        "critical [Guests] guests on an offline node are unavailable (listed above)",
        "warning [Network] proxmox: /etc/network/interfaces lacks `source /etc/network/interfaces.d/*` (or the node did not answer)",
        "warning [Network] knet links are disconnected (see corosync-cfgtool -s)",
      ] {
        #expect(findings.contains(expected), "missing: \(expected)\nin \(findings.sorted())")
      }
      // The audit asks the first quorate node in inventory order: proxmox2.
      #expect(run.events.stepEnds.contains { $0.step == "quorum-votes" })
      #expect(run.output.contains("proxmox2 $ pvecm status || exit 1"))
      let score = try #require(run.report.firstMatch(#"\*\*(\d+\.\d) out of 10\*\*"#).flatMap(Double.init))
      #expect(score < 8.1)
      try lab.verify(run)
    }
  }
}

extension String {
  fileprivate func firstMatch(_ pattern: String) -> String? {
    guard let expression = try? NSRegularExpression(pattern: pattern),
      let match = expression.firstMatch(in: self, range: NSRange(startIndex..., in: self)), match.numberOfRanges > 1,
      let range = Range(match.range(at: 1), in: self)
    else { return nil }
    return String(self[range])
  }
}
