import Foundation
import Testing

@testable import LifelineLab

extension LabSSHTests {
  /// `systemctl reboot` drops the connections, the address is unreachable while the machine is
  /// off, and the node comes back with a new boot ID, a new journal boot and a new sshd.
  @Test func rebootStartsANewBoot() throws {
    try LabFixture.with(timeScale: 0.05) { fixture in
      let before = try fixture.run("proxmox2", "cat /proc/sys/kernel/random/boot_id")
      #expect(
        before.range(
          of: #"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$"#, options: .regularExpression) != nil)
      _ = try fixture.ssh("proxmox2", "systemctl reboot")
      try fixture.eventually("proxmox2 answers with a new boot ID") {
        let reply = try fixture.ssh("proxmox2", "cat /proc/sys/kernel/random/boot_id", connectTimeout: 2)
        return reply.status == 0 && reply.stdout != before
      }
      // The real corosync's own exit lines may come after the simulated shutdown's last lines.
      let previous = try fixture.run("proxmox2", "journalctl -b -1 | grep -v ' corosync\\[' | tail -2")
      #expect(
        previous.contains("systemd-shutdown[1]: Syncing filesystems") && previous.contains("reboot: Restarting system"))
      #expect(hasLine(try fixture.run("proxmox2", "journalctl -b | head -1"), "kernel: Linux version"))
      #expect(try fixture.lab.status().nodes.first { $0.name == "proxmox2" }?.sshd == "running")
      try fixture.eventually("proxmox2 back in the membership") {
        hasLine(try fixture.run("proxmox", "pvecm status"), #"^Total votes:\s*3\s*$"#)
      }
      _ = try fixture.ssh("proxmox2", "poweroff")
      try fixture.eventually("proxmox2 is off") {
        try fixture.lab.status().nodes.first { $0.name == "proxmox2" }?.faults == [.down]
      }
      try fixture.lab.heal(node: "proxmox2")
      #expect(try fixture.run("proxmox2", "hostname") == "proxmox2\n")
    }
  }

  /// A reinstalled node is a fresh standalone Proxmox VE with a new host key; it joins again with
  /// `pvecm add` once the cluster removed it, answering the password and fingerprint questions.
  @Test func reinstalledNodeJoinsWithPvecmAdd() throws {
    try LabFixture.with(timeScale: 0.02) { fixture in
      try fixture.lab.fail(node: "proxmox3", mode: .down)
      try fixture.awaitVotes(2, on: ["proxmox", "proxmox2"])
      _ = try fixture.run("proxmox", "pvecm delnode proxmox3")
      try fixture.lab.fail(node: "proxmox3", mode: .reinstall)
      let changed = try fixture.ssh("proxmox3", "true")
      #expect(changed.status == 255 && changed.stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"))
      let known = try String(contentsOfFile: fixture.outcome.knownHosts, encoding: .utf8)
      let key = try String(contentsOfFile: fixture.lab.layout.node("proxmox3").hostKey + ".pub", encoding: .utf8)
      let address = try #require(fixture.addresses["proxmox3"])
      let host = fixture.outcome.nodes[0].port == 22 ? address : "[\(address)]:\(fixture.outcome.nodes[0].port)"
      try
        (known.split(separator: "\n").filter { !$0.hasPrefix(host + " ") }.joined(separator: "\n") + "\n"
        + "\(host) \(key.split(separator: " ").prefix(2).joined(separator: " "))\n")
        .write(toFile: fixture.outcome.knownHosts, atomically: true, encoding: .utf8)

      let fresh = try fixture.ssh(
        "proxmox3",
        "test -e /etc/pve/corosync.conf; echo $?; test -e /etc/corosync/authkey; echo $?; qm list | wc -l; systemctl is-active corosync; grep '^WATCHDOG_MODULE=' /etc/default/pve-ha-manager; pvecm status"
      )
      #expect(fresh.stdout == "1\n1\n1\ninactive\n", "\(fresh.stdout)")
      #expect(fresh.stderr.contains("does not exist - is this node part of a cluster?"), "\(fresh.stderr)")
      let noPassword = try fixture.ssh("proxmox3", "cd / && pvecm add \(fixture.addresses["proxmox"] ?? "") </dev/null")
      #expect(noPassword.status == 255 && noPassword.stderr == "EOF while reading password\n")
      let joined = try fixture.ssh(
        "proxmox3",
        "cd / && printf 'secret\\nyes\\n' | pvecm add \(fixture.addresses["proxmox"] ?? "") && pvecm updatecerts")
      #expect(joined.status == 0, "\(joined.stderr)")
      let served = try LabAPIServer.fingerprint(
        ofCertificate: fixture.lab.layout.root + "/pve/nodes/proxmox/pve-ssl.pem")
      #expect(
        joined.stdout.contains("X509 SHA256 key fingerprint is \(served).\n"),
        "the certificate proxmox's API serves: \(joined.stdout)")
      #expect(
        joined.stdout.contains(
          "successfully added node 'proxmox3' to cluster.\n(re)generate node files\nmerge authorized SSH keys\n"))
      try fixture.awaitVotes(3, on: ["proxmox", "proxmox2", "proxmox3"])
      #expect(
        try fixture.run("proxmox3", "test -e /etc/corosync/authkey && cat /etc/pve/priv/authorized_keys").contains(
          "root@proxmox3"))
      #expect(try fixture.lab.status().nodes.allSatisfy { $0.faults.isEmpty })
    }
  }

  @Test func nodeToolsShowTheNodesKernelAndInterfaces() throws {
    try LabFixture.with { fixture in
      let modinfo = try fixture.ssh("proxmox", "modinfo -n ipmi_watchdog softdog nosuchmodule")
      #expect(
        modinfo.stdout
          == "/lib/modules/6.8.12-4-pve/kernel/drivers/char/ipmi/ipmi_watchdog.ko\n/lib/modules/6.8.12-4-pve/kernel/drivers/watchdog/softdog.ko\n"
      )
      #expect(modinfo.status == 1 && modinfo.stderr == "modinfo: ERROR: Module nosuchmodule not found.\n")
      let address = try #require(fixture.addresses["proxmox"])
      #expect(
        hasLine(try fixture.run("proxmox", "ip -o addr show"), "^3: vmbr0    inet \(address)/8 scope global vmbr0"))
      try fixture.lab.fail(node: "proxmox", mode: .network)
      try fixture.awaitVotes(1, on: ["proxmox"])
      #expect(!(try fixture.run("proxmox", "ip -br addr")).contains("vmbr0"))
      let updatecerts = try fixture.ssh("proxmox", "pvecm updatecerts")
      #expect(updatecerts.status != 0 && updatecerts.stderr == "no quorum - unable to update files\n")
      #expect(
        try fixture.run("proxmox2", "pvecm updatecerts --force")
          == "(re)generate node files\ngenerate new node certificate\nmerge authorized SSH keys\n")
    }
  }
}
