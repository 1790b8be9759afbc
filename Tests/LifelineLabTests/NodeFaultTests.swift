import Foundation
import Testing

extension LabSSHTests {
  @Test func downRefusesConnectionsAndHealBootsTheNodeAgain() throws {
    try LabFixture.with { fixture in
      try fixture.lab.fail(node: "proxmox3", mode: .down)
      let refused = try fixture.ssh("proxmox3", "true")
      #expect(refused.status == 255 && refused.stderr.contains("Connection refused"))
      let survivor = try fixture.run("proxmox", "pvecm status")
      #expect(hasLine(survivor, #"^Total votes:\s*2\s*$"#) && hasLine(survivor, #"^Quorate:\s+Yes$"#))
      try fixture.eventually("a new master and ct:113 recovered") {
        let ha = try fixture.run("proxmox", "ha-manager status")
        return hasLine(ha, #"^master proxmox \(active, "#) && !hasLine(ha, #"^service ct:\d+ \(proxmox3, "#)
      }
      let resources =
        json(try fixture.run("proxmox2", "pvesh get /cluster/resources --type node --output-format json"))
        as? [[String: Any]]
      #expect(resources?.first { $0["node"] as? String == "proxmox3" }?["status"] as? String == "offline")

      try fixture.lab.heal(node: "proxmox3")
      #expect(try fixture.run("proxmox3", "hostname") == "proxmox3\n")
      #expect(hasLine(try fixture.run("proxmox3", "pvecm status"), #"^Total votes:\s*3\s*$"#))
      #expect(hasLine(try fixture.run("proxmox3", "journalctl -b | head -1"), "Linux version"))
    }
  }

  @Test func hangTimesOutWithoutABannerAndHealThawsTheNode() throws {
    try LabFixture.with { fixture in
      try fixture.lab.fail(node: "proxmox", mode: .hang)
      let hung = try fixture.ssh("proxmox", "true", connectTimeout: 2)
      #expect(hung.status == 255 && hung.stderr.contains("timed out"))
      #expect(try fixture.lab.status().nodes.first?.sshd == "stopped (hang)")
      #expect(hasLine(try fixture.run("proxmox2", "pvecm status"), #"^Total votes:\s*2\s*$"#))
      try fixture.lab.heal(node: "proxmox", mode: .hang)
      #expect(try fixture.run("proxmox", "hostname") == "proxmox\n")
      #expect(hasLine(try fixture.run("proxmox2", "pvecm status"), #"^Total votes:\s*3\s*$"#))
    }
  }

  @Test func corosyncFaultIsFixedBySystemctlRestart() throws {
    try LabFixture.with { fixture in
      try fixture.lab.fail(node: "proxmox2", mode: .corosync)
      let active = try fixture.ssh("proxmox2", "systemctl is-active corosync")
      #expect(active.stdout == "failed\n" && active.status == 3)
      let status = try fixture.ssh("proxmox2", "pvecm status")
      #expect(status.status == 1 && status.stderr == "Cannot initialize CMAP service\n")
      #expect(status.stdout.hasPrefix("Cluster information\n-------------------\n"))
      #expect(
        try fixture.run("proxmox2", "systemctl status corosync; true").contains("Active: failed (Result: exit-code)"))
      #expect(hasLine(try fixture.run("proxmox", "pvecm status"), #"^Total votes:\s*2\s*$"#))
      #expect(try fixture.run("proxmox2", "systemctl restart corosync && systemctl is-active corosync") == "active\n")
      #expect(hasLine(try fixture.run("proxmox", "pvecm status"), #"^Total votes:\s*3\s*$"#))
    }
  }

  @Test func noWatchdogLeavesTheShippedDefaultsAndSoftdog() throws {
    try LabFixture.with { fixture in
      try fixture.lab.fail(node: "all", mode: .noWatchdog)
      for node in ["proxmox", "proxmox2", "proxmox3"] {
        #expect(try fixture.ssh(node, "grep -q '^WATCHDOG_MODULE=' /etc/default/pve-ha-manager").status == 1)
        let modules = try fixture.run(node, "lsmod")
        #expect(hasLine(modules, "^softdog ") && !modules.contains("iTCO_wdt"))
      }
      #expect(try fixture.run("proxmox", "cat /etc/default/pve-ha-manager").contains("#WATCHDOG_MODULE=ipmi_watchdog"))
      let fix =
        "echo WATCHDOG_MODULE=iTCO_wdt >> /etc/default/pve-ha-manager && systemctl restart watchdog-mux && lsmod"
      #expect(hasLine(try fixture.run("proxmox", fix), "^iTCO_wdt "))
      try fixture.lab.heal(node: "all", mode: .noWatchdog)
      #expect(try fixture.lab.status().nodes.allSatisfy { $0.faults.isEmpty })
      #expect(hasLine(try fixture.run("proxmox3", "lsmod"), "^iTCO_wdt "))
    }
  }
}
