import Foundation
import Testing

/// Audit difference 1: /etc/pve behaves as pmxcfs (pve-cluster src/pmxcfs), not as a plain directory.
extension LabSSHTests {
  /// dcdb.c `dcdb_send_fuse_message` returns -EACCES while `cfs_is_quorate()` is false, for every
  /// change (create, write, mkdir, rename, unlink, utime); the other nodes never see it. In real
  /// time, so the isolated node's watchdog (its HA services lost quorum) does not reset it under
  /// the test.
  @Test func anIsolatedNodeCannotChangeEtcPve() throws {
    try LabFixture.with(timeScale: 1) { fixture in
      try fixture.lab.fail(node: "proxmox", mode: .network)
      try fixture.awaitVotes(1, on: ["proxmox"])
      let before = try fixture.run("proxmox2", "cat /etc/pve/priv/authorized_keys; ls /etc/pve/nodes/*/lxc")
      for command in [
        "touch /etc/pve/x",
        "mv /etc/pve/nodes/proxmox/lxc/100.conf /etc/pve/nodes/proxmox2/lxc/",
        "echo >> /etc/pve/priv/authorized_keys",
        "mkdir /etc/pve/newdir",
        "rm /etc/pve/nodes/proxmox/lxc/116.conf",
      ] {
        let reply = try fixture.ssh("proxmox", command)
        #expect(reply.status != 0, "\(command) succeeded on an isolated node")
        #expect(reply.stderr.contains("Permission denied"), "\(command): \(reply.stderr)")
      }
      #expect(try fixture.run("proxmox2", "cat /etc/pve/priv/authorized_keys; ls /etc/pve/nodes/*/lxc") == before)
      #expect(try fixture.ssh("proxmox2", "test -e /etc/pve/x").status == 1)
      // Reading still works, and a quorate node may write.
      #expect(try fixture.ssh("proxmox", "cat /etc/pve/nodes/proxmox/lxc/100.conf").status == 0)
      #expect(try fixture.ssh("proxmox2", "touch /etc/pve/x && rm /etc/pve/x").status == 0)
      // Once the link is back, the node's /etc/pve is writable as soon as its corosync has
      // quorum again, without any Proxmox command run in between.
      try fixture.lab.heal(node: "proxmox")
      try fixture.eventually("proxmox writable again", within: 30) {
        try fixture.ssh("proxmox", "touch /etc/pve/y && rm /etc/pve/y").status == 0
      }
    }
  }

  /// pmxcfs.c `fuse_ops` has no `.link` or `.symlink`: FUSE answers ENOSYS on every node, quorate
  /// or not. So `ssh-keygen -R HOST -f /etc/pve/priv/known_hosts`, which keeps a hard-linked
  /// `.old` copy, fails there (the delnode-readd defect from the runbook audit).
  @Test func etcPveHasNoLinks() throws {
    try LabFixture.with { fixture in
      let hard = try fixture.ssh("proxmox2", "ln /etc/pve/priv/known_hosts /etc/pve/priv/k.old")
      #expect(hard.status != 0 && hard.stderr.contains("Function not implemented"), "\(hard.stderr)")
      let soft = try fixture.ssh("proxmox2", "ln -s known_hosts /etc/pve/priv/k.link")
      #expect(soft.status != 0 && soft.stderr.contains("Function not implemented"), "\(soft.stderr)")
      let keygen = try fixture.ssh("proxmox2", "ssh-keygen -R proxmox -f /etc/pve/priv/known_hosts")
      #expect(keygen.status != 0 && keygen.stderr.contains("Function not implemented"), "\(keygen.stderr)")
      #expect(try fixture.ssh("proxmox2", "test -e /etc/pve/priv/k.old || test -e /etc/pve/priv/k.link").status == 1)
    }
  }

  /// memdb.c `memdb_write` / `memdb_rename` with status.c `vmlist_different_vm_exists`: a second
  /// config for a VMID is EEXIST, but moving the config itself (what a manual recovery does) works.
  @Test func etcPveKeepsOneConfigPerVMID() throws {
    try LabFixture.with { fixture in
      let copy = try fixture.ssh(
        "proxmox2", "cp /etc/pve/nodes/proxmox/lxc/100.conf /etc/pve/nodes/proxmox2/lxc/100.conf")
      #expect(copy.status != 0 && copy.stderr.contains("File exists"), "\(copy.stderr)")
      let otherType = try fixture.ssh(
        "proxmox2", "cp /etc/pve/nodes/proxmox/lxc/100.conf /etc/pve/nodes/proxmox/qemu-server/100.conf")
      #expect(otherType.status != 0 && otherType.stderr.contains("File exists"), "\(otherType.stderr)")
      #expect(try fixture.ssh("proxmox2", "test -e /etc/pve/nodes/proxmox2/lxc/100.conf").status == 1)
      let move = try fixture.ssh(
        "proxmox2", "mv /etc/pve/nodes/proxmox/lxc/101.conf /etc/pve/nodes/proxmox2/lxc/101.conf")
      #expect(move.status == 0, "\(move.stderr)")
      #expect(try fixture.ssh("proxmox2", "test -e /etc/pve/nodes/proxmox2/lxc/101.conf").status == 0)
    }
  }

  /// memdb.c `memdb_rename` → `unlink_tree_entry`: only empty directories can be renamed
  /// (ENOTEMPTY). The audit says `mv /etc/pve/nodes/X /root/…` fails too; it does not: that crosses
  /// file systems (EXDEV), so mv copies and then removes, which pmxcfs allows on a quorate node.
  @Test func etcPveRenamesOnlyEmptyDirectories() throws {
    try LabFixture.with { fixture in
      let full = try fixture.ssh("proxmox2", "mv /etc/pve/nodes/proxmox /etc/pve/nodes/proxmox-old")
      #expect(full.status != 0 && full.stderr.contains("Directory not empty"), "\(full.stderr)")
      #expect(try fixture.ssh("proxmox2", "test -d /etc/pve/nodes/proxmox/lxc").status == 0)
      let empty = try fixture.ssh(
        "proxmox2", "mkdir /etc/pve/empty && mv /etc/pve/empty /etc/pve/empty2 && rmdir /etc/pve/empty2")
      #expect(empty.status == 0, "\(empty.stderr)")
    }
  }
}
