import Foundation
import Testing

extension LabSSHTests {
  @Test func downMakesTheNodeUnreachableAndHealBootsItAgain() throws {
    try LabFixture.with { fixture in
      try fixture.lab.fail(node: "proxmox3", mode: .down)
      let gone = try fixture.ssh("proxmox3", "true")
      #expect(gone.status == 255 && gone.stderr.contains("No route to host"), "\(gone.stderr)")
      try fixture.awaitVotes(2, on: ["proxmox", "proxmox2"])
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
      try fixture.awaitVotes(3, on: ["proxmox3"])
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
      // The thawed corosync rejoins with a new membership, a moment after the heal.
      try fixture.awaitVotes(3, on: ["proxmox2"])
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
      try fixture.awaitVotes(2, on: ["proxmox"])
      #expect(hasLine(try fixture.run("proxmox", "pvecm status"), #"^Total votes:\s*2\s*$"#))
      #expect(try fixture.run("proxmox2", "systemctl restart corosync && systemctl is-active corosync") == "active\n")
      try fixture.awaitVotes(3, on: ["proxmox"])
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
        #expect(try fixture.run(node, "cat /sys/class/watchdog/watchdog0/identity") == "Software Watchdog\n")
        let log = try fixture.run(node, "journalctl -b -u watchdog-mux")
        #expect(log.contains("Watchdog driver 'Software Watchdog', version 0") && !log.contains("iTCO_wdt"))
      }
      #expect(try fixture.run("proxmox", "cat /etc/default/pve-ha-manager").contains("#WATCHDOG_MODULE=ipmi_watchdog"))
      try fixture.lab.heal(node: "all", mode: .noWatchdog)
      #expect(try fixture.lab.status().nodes.allSatisfy { $0.faults.isEmpty })
      #expect(hasLine(try fixture.run("proxmox3", "lsmod"), "^iTCO_wdt "))
    }
  }

  /// watchdog-mux loads a module only while /dev/watchdog does not exist, so a restart never
  /// switches from the softdog; with HA services active the restart even resets the node.
  @Test func restartingWatchdogMuxNeverSwitchesTheModule() throws {
    try LabFixture.with(timeScale: 0.2) { fixture in
      try fixture.lab.fail(node: "all", mode: .noWatchdog)
      // The shipped file ends without a newline: a plain `echo … >>` would join the comment.
      let configure = "printf '\\nWATCHDOG_MODULE=iTCO_wdt\\n' >> /etc/default/pve-ha-manager"
      // proxmox2 runs no HA service: its watchdog is not armed, the restart is clean.
      #expect(
        try fixture.run("proxmox2", "\(configure) && systemctl restart watchdog-mux && lsmod | head -2")
          .contains("softdog"))
      #expect(try fixture.run("proxmox2", "systemctl is-active watchdog-mux") == "active\n")
      #expect(try fixture.run("proxmox2", "journalctl -b -u watchdog-mux").contains("clean exit"))
      // proxmox runs HA services: the stop leaves the watchdog armed, the start is refused, and
      // the watchdog resets the node, which then boots with iTCO_wdt.
      let bootBefore = try fixture.run("proxmox", "cat /proc/sys/kernel/random/boot_id")
      let state = try fixture.ssh(
        "proxmox", "\(configure) && systemctl restart watchdog-mux; systemctl is-active watchdog-mux")
      #expect(state.stdout == "failed\n")
      try fixture.eventually("watchdog-mux refused to start again") {
        try fixture.run("proxmox", "journalctl -u watchdog-mux").contains(
          "watchdog active - unable to restart watchdog-mux")
      }
      try fixture.eventually("proxmox was reset by its watchdog and loads iTCO_wdt") {
        let reply = try fixture.ssh("proxmox", "cat /proc/sys/kernel/random/boot_id; lsmod")
        return reply.status == 0 && !reply.stdout.hasPrefix(bootBefore) && hasLine(reply.stdout, "^iTCO_wdt ")
      }
      #expect(try fixture.lab.status().nodes.first { $0.name == "proxmox" }?.faults.isEmpty == true)
    }
  }
}
