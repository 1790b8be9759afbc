import Foundation
import Testing

@testable import LifelineLab

extension LabSSHTests {
  /// `lab up --qdevice`: a real corosync-qnetd at the NAS's address and a real corosync-qdevice
  /// on every node, set up as `pvecm qdevice setup --force` sets up an odd cluster (algorithm lms,
  /// which gives the QDevice nodes - 1 votes): 5 expected votes, and two nodes with the QDevice
  /// stay quorate when the third goes down.
  @Test func withAQDeviceThreeNodesShowItsVoteAndTwoStayQuorate() throws {
    try LabFixture.with(qdevice: true) { fixture in
      let config = try fixture.run("proxmox", "cat /etc/pve/corosync.conf")
      #expect(config.contains("quorum {\n  device {\n    model: net\n    net {\n      algorithm: lms\n      host: "))
      #expect(config.contains("      tls: on\n    }\n  }\n  provider: corosync_votequorum\n}\n"))
      #expect(config.contains("  config_version: 6\n"))

      let status = try fixture.run("proxmox2", "pvecm status")
      #expect(hasLine(status, #"^Expected votes:\s+5$"#) && hasLine(status, #"^Total votes:\s+5$"#), "\(status)")
      #expect(hasLine(status, #"^Flags:\s+Quorate Qdevice\s*$"#), "\(status)")
      #expect(hasLine(status, #"^0x00000000\s+2\s+Qdevice$"#), "\(status)")
      let nodes = try fixture.run("proxmox2", "pvecm nodes")
      #expect(hasLine(nodes, #"^\s+Nodeid\s+Votes\s+Qdevice Name$"#), "\(nodes)")
      #expect(hasLine(nodes, #"^\s+2\s+1\s+A,V,NMW proxmox2 \(local\)$"#), "\(nodes)")

      try fixture.lab.fail(node: "proxmox", mode: .down)
      for survivor in ["proxmox2", "proxmox3"] {
        try fixture.eventually("\(survivor) counts the QDevice's 2 votes with its own 2") {
          let status = try fixture.ssh(survivor, "pvecm status").stdout
          return hasLine(status, #"^Total votes:\s+4$"#) && hasLine(status, #"^Quorate:\s+Yes$"#)
            && hasLine(status, #"^Nodes:\s+2$"#)
        }
      }
    }
  }

  /// Two nodes and a QDevice (ffsplit, one vote, as pvecm writes it for an even cluster): the
  /// node that is left keeps quorum with the QDevice's vote.
  @Test func aTwoNodeClusterWithAQDeviceSurvivesOneNodeDown() throws {
    try LabFixture.with(nodes: 2, qdevice: true) { fixture in
      let config = try fixture.run("proxmox", "cat /etc/pve/corosync.conf")
      #expect(config.contains("      algorithm: ffsplit\n") && config.contains("    }\n    votes: 1\n  }\n"))
      #expect(hasLine(try fixture.run("proxmox", "pvecm status"), #"^Expected votes:\s+3$"#))

      try fixture.lab.fail(node: "proxmox2", mode: .down)
      try fixture.eventually("proxmox keeps quorum with the QDevice's vote") {
        let status = try fixture.ssh("proxmox", "pvecm status").stdout
        return hasLine(status, #"^Total votes:\s+2$"#) && hasLine(status, #"^Quorate:\s+Yes$"#)
          && hasLine(status, #"^Nodes:\s+1$"#)
      }

      // lab down stops corosync-qdevice and corosync-qnetd by PID and removes the qnetd namespace.
      let qdevice = try #require(QDevice.pid(fixture.lab.layout.node("proxmox")))
      let qnetd = try #require(
        Int32(
          try String(contentsOfFile: fixture.lab.layout.qnetd + "/qnetd.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
      let stopped = try fixture.lab.down()
      #expect(stopped.contains(qdevice) && stopped.contains(qnetd), "\(stopped)")
      #expect(kill(qdevice, 0) != 0 && kill(qnetd, 0) != 0)
      #expect(!FileManager.default.fileExists(atPath: fixture.lab.layout.qnetdNamespace))
    }
  }
}
