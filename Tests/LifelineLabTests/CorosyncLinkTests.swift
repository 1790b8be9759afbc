import Foundation
import Testing

@testable import LifelineLab

extension LabSSHTests {
  /// Two corosync links (`lab up --links 2`): knet fails over to link 1 when link 0's cable is
  /// pulled, so the membership and its votes stay; only with both cables out does the node leave.
  /// In real time (Proxmox's token, 3650 ms for 3 nodes) knet declares the link down and switches
  /// after about 2.9 s, close to the token: on a busy machine the token may be lost first and the
  /// same three members re-form under a new ring ID, so only "nobody left" is asserted.
  @Test func withTwoLinksOnePulledCableKeepsTheNodeAndBothDropIt() throws {
    try LabFixture.with(timeScale: 1, links: 2) { fixture in
      let config = try fixture.run("proxmox2", "cat /etc/pve/corosync.conf")
      #expect(
        config.contains("    ring1_addr: 10.20.20.") && config.contains("  interface {\n    linknumber: 1\n  }\n"))
      let logBefore = try fixture.run("proxmox2", "journalctl -u corosync")

      try fixture.lab.fail(node: "proxmox", mode: .link0)
      try fixture.eventually("knet on proxmox2 sees proxmox's link 0 down") {
        try fixture.run("proxmox2", "journalctl -u corosync").contains("host: 1 link: 0 is down")
      }
      let links = try fixture.run("proxmox2", "corosync-cfgtool -s")
      #expect(linkStatus(links, link: 0, node: 1) == "disconnected", "\(links)")
      #expect(linkStatus(links, link: 1, node: 1) == "connected", "\(links)")
      let noLinks = try fixture.run("proxmox2", "journalctl -u corosync").components(
        separatedBy: "host: 1 has no active links"
      ).count
      let membership = try fixture.run("proxmox2", "corosync-quorumtool -s")
      #expect(hasLine(membership, #"^Total votes:\s*3\s*$"#) && hasLine(membership, #"^Quorate:\s+Yes$"#))
      #expect(hasLine(membership, #"^Nodes:\s+3$"#), "\(membership)")
      let logAfter = try fixture.run("proxmox2", "journalctl -u corosync").dropFirst(logBefore.count)
      #expect(!logAfter.contains("Members left: 1"), "\(logAfter)")

      try fixture.lab.fail(node: "proxmox", mode: .link1)
      try fixture.awaitVotes(2, on: ["proxmox2", "proxmox3"])
      let bothDown = try fixture.run("proxmox2", "corosync-cfgtool -s")
      #expect(
        linkStatus(bothDown, link: 0, node: 1) == "disconnected"
          && linkStatus(bothDown, link: 1, node: 1) == "disconnected")
      let log = try fixture.run("proxmox2", "journalctl -u corosync")
      #expect(log.components(separatedBy: "host: 1 has no active links").count > noLinks)

      try fixture.lab.heal(node: "proxmox", mode: .link0)
      try fixture.awaitVotes(3, on: ["proxmox", "proxmox2", "proxmox3"])
    }
  }

  /// With one link, link1 does not exist.
  @Test func pullingLinkOneNeedsASecondLink() throws {
    try LabFixture.with { fixture in
      #expect(throws: (any Error).self) { try fixture.lab.fail(node: "proxmox", mode: .link1) }
    }
  }
}

/// A node's state on one link in `corosync-cfgtool -s` (`connected`, `disconnected`, `localhost`).
private func linkStatus(_ text: String, link: Int, node: Int) -> String? {
  var current: Int?
  for line in text.split(separator: "\n") {
    if line.hasPrefix("LINK ID ") { current = line.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } }
    let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    if current == link, fields.count == 3, fields[0] == "nodeid:", fields[1] == "\(node):" { return String(fields[2]) }
  }
  return nil
}

extension LabSSHTests {
  /// `packet-loss` drops a share of the node's corosync packets on a link that stays up: the real
  /// totem retransmits and loses its token, and knet marks the link down and up again, so the
  /// membership re-forms again and again; healing removes the rule and the votes settle at 3.
  @Test func packetLossMakesTheRealTotemLoseItsTokenUntilHealed() throws {
    try LabFixture.with(timeScale: 1) { fixture in
      #expect(throws: (any Error).self) { try fixture.lab.fail(node: "proxmox", mode: .packetLoss) }
      let before = try fixture.run("proxmox2", "journalctl -u corosync")
      try fixture.lab.fail(node: "proxmox", mode: .packetLoss, percent: 30)
      #expect(try nftTables(fixture, node: "proxmox").contains(ClusterNetwork.lossTable))
      #expect(try fixture.lab.status().nodes.first { $0.name == "proxmox" }?.faults == [.packetLoss])
      try fixture.eventually("corosync on proxmox2 loses its token to the dropped packets") {
        let log = try fixture.run("proxmox2", "journalctl -u corosync")
        return log.count > before.count && log.dropFirst(before.count).contains("Token has not been received in")
      }
      try fixture.lab.heal(node: "proxmox", mode: .packetLoss)
      #expect(!(try nftTables(fixture, node: "proxmox")).contains(ClusterNetwork.lossTable))
      try fixture.awaitVotes(3, on: ["proxmox", "proxmox2", "proxmox3"])
    }
  }
}

/// The nftables tables in a node's network namespace.
private func nftTables(_ fixture: LabFixture, node: String) throws -> String {
  try Subprocess.run(
    CorosyncProcess.nsenter,
    ["--net=\(fixture.lab.layout.networkNamespace(node))", "--", ClusterNetwork.nft, "list", "tables"]
  ).output
}
