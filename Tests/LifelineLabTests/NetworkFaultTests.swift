import Foundation
import Testing

extension LabSSHTests {
  /// The report's root cause, and its repair by hand.
  @Test func networkFaultLooksLikeTheReportAndTheManualRepairRestoresThreeVotes() throws {
    try LabFixture.with { fixture in
      try fixture.lab.fail(node: "proxmox", mode: .network)
      try fixture.awaitVotes(2, on: ["proxmox2", "proxmox3"])
      try fixture.awaitVotes(1, on: ["proxmox"])

      let survivor = try fixture.ssh("proxmox2", "pvecm status")
      #expect(survivor.status == 0)
      #expect(hasLine(survivor.stdout, #"^Quorate:\s+Yes$"#) && hasLine(survivor.stdout, #"^Total votes:\s*2\s*$"#))
      #expect(hasLine(survivor.stdout, #"^Expected votes:\s*3\s*$"#) && hasLine(survivor.stdout, #"^Nodes:\s+2$"#))
      #expect(!hasLine(survivor.stdout, #"^0x00000001"#))
      let nodes = try fixture.run("proxmox3", "pvecm nodes")
      #expect(!nodes.contains("proxmox\n") && !nodes.contains("proxmox (local)"))

      try fixture.eventually("HA services recovered to proxmox2") {
        let ha = try fixture.run("proxmox3", "ha-manager status")
        return ["ct:100", "ct:116", "ct:131", "ct:1250"].allSatisfy {
          hasLine(ha, "^service \($0) \\(proxmox2, started\\)$")
        }
          && hasLine(ha, #"^lrm proxmox \(old timestamp - dead\?, "#)
      }
      let ha = try fixture.run("proxmox3", "ha-manager status")
      #expect(hasLine(ha, #"^master proxmox3 \(active, "#))
      for sid in ["ct:113", "ct:122", "ct:130"] { #expect(hasLine(ha, "^service \(sid) \\(proxmox3, started\\)$")) }
      let clusterStatus =
        json(try fixture.run("proxmox2", "pvesh get /cluster/status --output-format json")) as? [[String: Any]]
      #expect(clusterStatus?.first { $0["name"] as? String == "proxmox" }?["online"] as? Int == 0)
      #expect(try fixture.run("proxmox2", "corosync-cfgtool -s").contains("nodeid:          1:\tdisconnected"))

      let isolated = try fixture.ssh("proxmox", "pvecm status")
      #expect(isolated.status == 2)
      #expect(
        hasLine(isolated.stdout, #"^Quorate:\s+No$"#)
          && isolated.stdout.contains("Quorum:           2 Activity blocked\n"))
      #expect(try fixture.run("proxmox", "ha-manager status").hasPrefix("quorum No quorum on node 'proxmox'!\n"))
      #expect(try fixture.ssh("proxmox", "grep 'source /etc/network/interfaces.d' /etc/network/interfaces").status == 1)
      #expect(try fixture.run("proxmox", "journalctl -u corosync").contains("has no active links"))

      let repair = try fixture.ssh(
        "proxmox",
        "echo 'source /etc/network/interfaces.d/*' >> /etc/network/interfaces && ifreload -a && systemctl restart corosync"
      )
      #expect(repair.status == 0, "\(repair.stderr)")
      try fixture.awaitVotes(3, on: ["proxmox", "proxmox2", "proxmox3"])
      for node in ["proxmox", "proxmox2", "proxmox3"] {
        let status = try fixture.run(node, "pvecm status")
        #expect(
          hasLine(status, #"^Total votes:\s*3\s*$"#) && hasLine(status, #"^Quorate:\s+Yes$"#), "\(node): \(status)")
      }
      #expect(try fixture.lab.status().nodes.allSatisfy { $0.faults.isEmpty && $0.votes == 3 })
    }
  }

  /// Two of three nodes gone: the real votequorum leaves the last one without quorum, and the
  /// simulated cluster filesystem follows it. In real time: the last node's HA services lost
  /// quorum, so its watchdog resets it 60 s later, which at the lab's usual 0.01 scale would
  /// restart its corosync within a second, under the test.
  @Test func withTwoNodesFailedTheLastOneIsReallyNotQuorate() throws {
    try LabFixture.with(timeScale: 1) { fixture in
      try fixture.lab.fail(node: "proxmox", mode: .network)
      try fixture.lab.fail(node: "proxmox2", mode: .down)
      try fixture.awaitVotes(1, on: ["proxmox3"])
      let last = try fixture.ssh("proxmox3", "pvecm status")
      #expect(last.status == 2 && hasLine(last.stdout, #"^Quorate:\s+No$"#), "\(last.stdout)")
      #expect(last.stdout.contains("Quorum:           2 Activity blocked\n"))
      #expect(try fixture.ssh("proxmox3", "corosync-quorumtool -s").status == 2)
      let links = try fixture.run("proxmox3", "corosync-cfgtool -s")
      #expect(
        links.contains("nodeid:          1:\tdisconnected") && links.contains("nodeid:          2:\tdisconnected"))
      #expect(
        try fixture.run("proxmox3", "journalctl -u corosync").contains(
          "This node is within the non-primary component and will NOT provide any services."))
      let refused = try fixture.ssh("proxmox3", "pvecm updatecerts")
      #expect(refused.status != 0 && refused.stderr == "no quorum - unable to update files\n")
    }
  }
}
