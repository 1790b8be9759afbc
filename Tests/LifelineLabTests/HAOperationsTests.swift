import Foundation
import Testing

extension LabSSHTests {
  @Test func maintenanceModeMovesServicesAwayAndBack() throws {
    try LabFixture.with { fixture in
      #expect(try fixture.run("proxmox", "ha-manager crm-command node-maintenance enable proxmox3") == "")
      try fixture.eventually("proxmox3 emptied") {
        let ha = try fixture.run("proxmox2", "ha-manager status")
        return hasLine(ha, #"^lrm proxmox3 \(maintenance mode, "#) && !hasLine(ha, #"\(proxmox3, "#)
          && ha.split(separator: "\n").filter { $0.hasPrefix("service ") && $0.hasSuffix(", started)") }.count == 7
      }
      #expect(try fixture.run("proxmox3", "pct list").split(separator: "\n").allSatisfy { !$0.contains("113") })
      #expect(try fixture.run("proxmox", "ha-manager crm-command node-maintenance disable proxmox3") == "")
      try fixture.eventually("services back on proxmox3") {
        let ha = try fixture.run("proxmox2", "ha-manager status")
        return ["ct:113", "ct:122", "ct:130"].allSatisfy { hasLine(ha, "^service \($0) \\(proxmox3, started\\)$") }
          && hasLine(ha, #"^lrm proxmox3 \(active, "#)
      }
    }
  }

  @Test func migrateAddRemoveAndSetChangeTheHAConfiguration() throws {
    try LabFixture.with { fixture in
      #expect(try fixture.run("proxmox", "ha-manager migrate ct:122 proxmox2") == "")
      try fixture.eventually("ct:122 migrated") {
        hasLine(try fixture.run("proxmox", "ha-manager status"), #"^service ct:122 \(proxmox2, started\)$"#)
      }
      #expect(try fixture.run("proxmox2", "ls /etc/pve/nodes/proxmox2/lxc").contains("122.conf"))
      #expect(try fixture.run("proxmox", "ha-manager add ct:101 --max_restart 2") == "")
      #expect(try fixture.run("proxmox", "ha-manager config").contains("ct:101\n\tmax_restart 2\n\n"))
      let duplicate = try fixture.ssh("proxmox", "ha-manager add ct:101")
      #expect(duplicate.status == 255 && duplicate.stderr == "resource ID 'ct:101' already defined\n")
      #expect(try fixture.run("proxmox", "ha-manager set ct:101 --state stopped") == "")
      try fixture.eventually("ct:101 stopped") {
        hasLine(try fixture.run("proxmox", "ha-manager status"), #"^service ct:101 \(proxmox, stopped\)$"#)
      }
      #expect(try fixture.run("proxmox", "ha-manager remove ct:101") == "")
      #expect(!(try fixture.run("proxmox", "ha-manager status")).contains("ct:101"))
    }
  }

  @Test func delnodeRefusesWhatProxmoxRefusesAndRemovesADeadNode() throws {
    try LabFixture.with { fixture in
      let myself = try fixture.ssh("proxmox2", "pvecm delnode proxmox2")
      #expect(myself.status == 255 && myself.stderr == "Cannot delete myself from cluster!\n")
      #expect(try fixture.ssh("proxmox2", "pvecm delnode proxmox3").status == 255)
      #expect(
        try fixture.ssh("proxmox2", "pvecm delnode nosuchnode").stderr
          == "Node/IP: nosuchnode is not a known host of the cluster.\n")

      try fixture.lab.fail(node: "proxmox", mode: .network)
      try fixture.awaitVotes(1, on: ["proxmox"])
      let inquorate = try fixture.ssh("proxmox", "pvecm delnode proxmox3")
      #expect(inquorate.stderr == "cluster not ready - no quorum?\n")
      try fixture.lab.fail(node: "proxmox", mode: .down)
      let deleted = try fixture.ssh("proxmox2", "pvecm delnode proxmox")
      #expect(deleted.status == 0 && deleted.stdout == "Killing node 1\n")
      #expect(deleted.stderr == "Could not kill node (error = CS_ERR_NOT_EXIST)\n")
      try fixture.eventually("the real corosync expects 2 votes after the reload") {
        hasLine(try fixture.run("proxmox3", "pvecm status"), #"^Expected votes:\s*2\s*$"#)
      }
      #expect(hasLine(try fixture.run("proxmox3", "pvecm status"), #"^Config Version:\s+6$"#))
      #expect(!(try fixture.run("proxmox3", "cat /etc/pve/corosync.conf")).contains("name: proxmox\n"))
    }
  }

  /// In real time: at the lab's usual 0.01 scale the isolated node's watchdog would reset it
  /// (its HA services lost quorum) within a second, restarting corosync under the test.
  @Test func expectedVotesMakeAnIsolatedNodeQuorate() throws {
    try LabFixture.with(timeScale: 1) { fixture in
      try fixture.lab.fail(node: "proxmox3", mode: .network)
      try fixture.awaitVotes(2, on: ["proxmox", "proxmox2"])
      try fixture.awaitVotes(1, on: ["proxmox3"])
      // pve-cluster `cfs_lock`: without quorum the `domain-ha` lock cannot be taken, so an HA
      // change tries for 10 s, saying so about once a second, and then fails.
      let unlocked = try fixture.ssh("proxmox3", "ha-manager crm-command node-maintenance enable proxmox3")
      #expect(unlocked.status == 255 && unlocked.stderr.hasSuffix("\ncfs-lock 'domain-ha' error: no quorum!\n"))
      #expect(unlocked.stderr.components(separatedBy: "trying to acquire cfs lock 'domain-ha' ...\n").count - 1 == 9)
      let refused = try fixture.ssh("proxmox2", "pvecm expected 4")
      #expect(refused.status == 1 && refused.stderr == "Unable to set expected votes: CS_ERR_INVALID_PARAM\n")
      // The lock is taken as soon as quorum returns within the wait, and the change goes through.
      let waited = try fixture.ssh(
        "proxmox3", "(sleep 3; pvecm expected 1) & ha-manager crm-command node-maintenance enable proxmox3; wait")
      #expect(waited.status == 0 && waited.stderr.hasPrefix("trying to acquire cfs lock 'domain-ha' ...\n"))
      let status = try fixture.ssh("proxmox3", "pvecm status")
      #expect(
        status.status == 0 && hasLine(status.stdout, #"^Quorate:\s+Yes$"#)
          && status.stdout.contains("Quorum:           1  \n"))
    }
  }
}
