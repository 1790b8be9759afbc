import Foundation
import LifelineLab
import Testing

/// fencing-setup against the lab: a node on the softdog gets a hardware watchdog, loaded by a
/// planned reboot under HA maintenance.
@Suite struct RunbookLabFencingSetupTests {
  static let applied = [
    "configure-module", "boot-id", "enable-maintenance", "wait-drained", "running-guests", "reboot-node", "wait-back",
    "disable-maintenance", "verify-lrm", "verify-ha", "verify-driver",
  ]

  /// Without a BMC the board's chipset watchdog (iTCO_wdt) is chosen. ct:131 on proxmox is
  /// requested `stopped`: maintenance leaves it on the node, so draining must not wait for it.
  @Test func chipsetWatchdogReplacesTheSoftdog() throws {
    try RunbookLab.with(block: 8) { lab in
      try lab.lab.fail(node: "proxmox", mode: .noWatchdog)
      #expect(lab.sim("proxmox2", "ha-manager", "set", "ct:131", "--state", "stopped").status == 0)
      try lab.eventually("ct:131 stopped", within: 30) {
        lab.sim("proxmox2", "ha-manager", "status").stdout.contains("service ct:131 (proxmox, stopped)")
      }
      let bootBefore = try bootID(lab, "proxmox")
      let run = try lab.run(
        "fencing-setup", node: "proxmox", set: ["module": "iTCO_wdt"],
        answers: ["ask-install-ipmitool": "no-bmc", "ask-other-watchdog": "use-module", "ask-reboot": "reboot"])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(run.passes(through: ["hardware-watchdog-in-use", "detect-ipmi", "module-available"] + Self.applied))
      #expect(run.findings.contains { $0.severity == "info" && $0.text.hasPrefix("[Fencing] proxmox self-fences") })
      #expect(lab.sim("proxmox2", "ha-manager", "status").stdout.contains("service ct:131 (proxmox, stopped)"))
      #expect(lab.sim("proxmox2", "ha-manager", "set", "ct:131", "--state", "started").status == 0)
      try expectHardwareWatchdog(lab, "proxmox", driver: "iTCO_wdt", module: "iTCO_wdt", bootBefore: bootBefore)
      try lab.verify(run)
    }
  }

  /// With a BMC (`lab up --ipmi`) the default module, ipmi_watchdog, is chosen.
  @Test func ipmiWatchdogReplacesTheSoftdog() throws {
    try RunbookLab.with(block: 9, ipmi: true) { lab in
      try lab.lab.fail(node: "proxmox2", mode: .noWatchdog)
      let bootBefore = try bootID(lab, "proxmox2")
      let run = try lab.run("fencing-setup", node: "proxmox2", answers: ["ask-reboot": "reboot"])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(run.passes(through: ["detect-ipmi", "module-available"] + Self.applied), "\(run.path)")
      #expect(!run.path.contains("ask-install-ipmitool"))
      try expectHardwareWatchdog(lab, "proxmox2", driver: "IPMI", module: "ipmi_watchdog", bootBefore: bootBefore)
      try lab.verify(run)
    }
  }

  /// wdat_wdt is a module the kernel has but the machine has no hardware for: after the reboot
  /// watchdog-mux exits (`watchdog open: …`). The node must stay in maintenance with its file
  /// restored, so no HA service goes back to a node that cannot self-fence.
  @Test func aModuleWithoutHardwareLeavesTheNodeInMaintenanceWithTheFileRestored() throws {
    try RunbookLab.with(block: 17) { lab in
      try lab.lab.fail(node: "proxmox3", mode: .noWatchdog)
      let run = try lab.run(
        "fencing-setup", node: "proxmox3", set: ["module": "wdat_wdt"],
        answers: ["ask-install-ipmitool": "no-bmc", "ask-other-watchdog": "use-module", "ask-reboot": "reboot"])
      #expect(run.status == 1, "\(run.output)")
      #expect(run.outcome == "failed")
      #expect(
        run.passes(through: ["configure-module", "enable-maintenance", "reboot-node", "wait-back", "restore-module"]),
        "\(run.path)")
      #expect(!run.path.contains("disable-maintenance"), "\(run.path)")
      #expect(
        run.findings.contains {
          $0.severity == "critical" && $0.text.hasPrefix("[Fencing] watchdog-mux is not active on proxmox3")
        }, "\(run.findings)")
      #expect(lab.sim("proxmox3", "systemctl", "is-active", "watchdog-mux").stdout != "active\n")
      let ha = lab.sim("proxmox", "ha-manager", "status").stdout
      #expect(ha.contains(line: #"^lrm proxmox3 \(.*maintenance mode"#), "\(ha)")
      #expect(!ha.contains("(proxmox3, started)"), "no HA service back on proxmox3: \(ha)")
      let defaults = try String(
        contentsOfFile: lab.lab.layout.root + "/nodes/proxmox3/overlay/upper/default/pve-ha-manager", encoding: .utf8)
      #expect(
        defaults == "# select watchdog module (default is softdog)\n#WATCHDOG_MODULE=ipmi_watchdog", "\(defaults)")
      try lab.verify(run)
    }
  }

  private func bootID(_ lab: RunbookLab, _ node: String) throws -> String {
    try String(contentsOfFile: lab.lab.layout.root + "/nodes/\(node)/boot_id", encoding: .utf8)
  }

  /// The node rebooted once, loads the configured module and is out of maintenance.
  private func expectHardwareWatchdog(
    _ lab: RunbookLab, _ node: String, driver: String, module: String, bootBefore: String
  ) throws {
    #expect(try bootID(lab, node) != bootBefore)
    // The shipped file has no final newline; the module's line must not join the comment.
    let defaults = try String(
      contentsOfFile: lab.lab.layout.root + "/nodes/\(node)/overlay/upper/default/pve-ha-manager", encoding: .utf8)
    #expect(
      defaults.split(separator: "\n")
        == [
          "# select watchdog module (default is softdog)", "#WATCHDOG_MODULE=ipmi_watchdog",
          "WATCHDOG_MODULE=\(module)",
        ],
      "\(defaults)")
    #expect(lab.sim(node, "lsmod").stdout.contains(line: "^\(module) "))
    let log = lab.sim(node, "journalctl", "-b", "-u", "watchdog-mux").stdout
    #expect(log.contains("Loading watchdog module '\(module)'") && log.contains("Watchdog driver '\(driver)'"))
    #expect(try lab.lab.status().nodes.allSatisfy { $0.faults.isEmpty })
    // The CRM takes the node out of maintenance one round after the release.
    try lab.eventually("\(node) out of maintenance", within: 30) {
      !lab.sim(node, "ha-manager", "status").stdout.contains("maintenance mode")
    }
    try lab.expectHealthy(from: node)
  }
}
