import Foundation
import LifelineLab
import Testing

/// failover-drill against the healthy lab: maintenance on, services relocate, and back.
@Suite struct RunbookLabFailoverDrillTests {
  /// ct:116 on proxmox is requested `disabled`: maintenance leaves it where it is
  /// (Manager.pm moves services only in `next_state_started`), so the drill must not wait for it.
  @Test func drainedServicesRelocateAndComeBack() throws {
    try RunbookLab.with(block: 12) { lab in
      #expect(lab.sim("proxmox2", "ha-manager", "set", "ct:116", "--state", "disabled").status == 0)
      try lab.eventually("ct:116 disabled", within: 30) {
        lab.sim("proxmox2", "ha-manager", "status").stdout.contains("service ct:116 (proxmox, disabled)")
      }
      // Without `via`, the drill is driven from the first quorate member other than the node.
      let run = try lab.run("failover-drill", node: "proxmox")
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(run.output.contains("via proxmox2\n"), "\(run.output)")
      #expect(
        run.passes(through: [
          "check-params", "find-via", "found-via", "drill-services", "cluster-complete", "ha-ready", "room-on-others",
          "t-start", "enable-maintenance",
          "wait-maintenance", "wait-relocated", "t-relocated", "verify-elsewhere", "record-relocation", "fb-start",
          "disable-maintenance", "wait-lrm-back", "wait-failback", "record-failback", "verify-final",
          "leave-maintenance",
        ]), "\(run.path)")
      let measured = run.findings.map(\.text)
      #expect(
        measured.contains(
          line:
            #"^\[Failover\] the 3 HA services of proxmox \(ct:100,ct:1250,ct:131\) ran on other nodes \d+ s after maintenance was requested$"#
        ),
        "\(measured)")
      #expect(
        measured.contains(
          line: #"^\[Failover\] the HA services of proxmox ran on it again \d+ s after maintenance was disabled$"#),
        "\(measured)")
      #expect(run.findings.allSatisfy { $0.severity == "info" })
      let ha = lab.sim("proxmox3", "ha-manager", "status").stdout
      for sid in ["ct:100", "ct:131", "ct:1250"] { #expect(ha.contains("service \(sid) (proxmox, started)")) }
      #expect(ha.contains("service ct:116 (proxmox, disabled)"), "a disabled service never left: \(ha)")
      #expect(ha.contains(line: #"^lrm proxmox \(active, "#))
      #expect(lab.sim("proxmox2", "ha-manager", "set", "ct:116", "--state", "started").status == 0)
      try lab.expectHealthy(from: "proxmox2")
      try lab.verify(run)
    }
  }
}

extension [String] {
  fileprivate func contains(line pattern: String) -> Bool {
    contains { $0.contains(line: pattern) }
  }
}
