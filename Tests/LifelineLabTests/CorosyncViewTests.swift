import Foundation
import Testing

@testable import LifelineLab

/// How the lab reads the real corosync's reports and groups nodes into partitions from them,
/// and the corosync.conf it gives the real corosync. No lab needed.
struct CorosyncViewTests {
  /// `corosync-quorumtool -s -p` of a node cut off from the other two (captured from corosync 3.1.7).
  static let isolated = """
    Quorum information
    ------------------
    Date:             Thu Dec  3 12:31:02 2026
    Quorum provider:  corosync_votequorum
    Nodes:            1
    Node ID:          1
    Ring ID:          1.d
    Quorate:          No

    Votequorum information
    ----------------------
    Expected votes:   3
    Highest expected: 3
    Total votes:      1
    Quorum:           2 Activity blocked
    Flags:            

    Membership information
    ----------------------
        Nodeid      Votes    Qdevice Name
             1          1         NR proxmox (local)

    """

  static func survivor(_ id: Int) -> String {
    """
    Quorum information
    ------------------
    Quorum provider:  corosync_votequorum
    Nodes:            2
    Node ID:          0x0000000\(id)
    Ring ID:          2.11
    Quorate:          Yes

    Votequorum information
    ----------------------
    Expected votes:   3
    Highest expected: 3
    Total votes:      2
    Quorum:           2  
    Flags:            Quorate 

    Membership information
    ----------------------
        Nodeid      Votes    Qdevice Name
             2          1         NR proxmox2 (local)
             3          1         NR proxmox3

    """
  }

  @Test func readsVotesQuorumAndMembersFromQuorumtool() throws {
    let view = try #require(CorosyncView(quorumtool: Self.isolated))
    #expect(
      view
        == CorosyncView(
          nodeID: 1, ringID: "1.d", quorate: false, expectedVotes: 3, totalVotes: 1, quorum: 2, members: [1]))
    let hex = try #require(CorosyncView(quorumtool: Self.survivor(3)))
    #expect(hex.nodeID == 3 && hex.quorate && hex.members == [2, 3] && hex.ringID == "2.11")
    #expect(CorosyncView(quorumtool: "Cannot initialize CMAP service\n") == nil)
  }

  /// With a QDevice, `-p` ends the membership with the device's own row (node ID 0), no member
  /// (captured from corosync 3.1.7 with corosync-qdevice, algorithm lms).
  @Test func theQDevicesRowIsNoMember() throws {
    let text = """
      Quorum information
      ------------------
      Nodes:            3
      Node ID:          2
      Ring ID:          1.d
      Quorate:          Yes

      Votequorum information
      ----------------------
      Expected votes:   5
      Highest expected: 5
      Total votes:      5
      Quorum:           3  
      Flags:            Quorate Qdevice 

      Membership information
      ----------------------
          Nodeid      Votes    Qdevice Name
               1          1    A,V,NMW proxmox
               2          1    A,V,NMW proxmox2 (local)
               3          1    A,V,NMW proxmox3
               0          2            Qdevice

      """
    let view = try #require(CorosyncView(quorumtool: text))
    #expect(view.members == [1, 2, 3] && view.totalVotes == 5 && view.expectedVotes == 5 && view.quorum == 3)
  }

  /// A second link and a QDevice as pvecm writes them: `ring1_addr` per node, one interface
  /// section per link, and the device section before `provider`, keys sorted.
  @Test func theSecondLinkAndTheQDeviceAreWrittenAsPvecmWritesThem() {
    var state = Seed.state(
      addresses: ["127.9.0.1", "127.9.0.2", "127.9.0.3"], timeScale: 1, now: 1_000_000, ipmi: false)
    #expect(!CorosyncConfig.text(for: state).contains("linknumber: 1"))
    for index in state.nodes.indices {
      state.nodes[index].ring1Address = ClusterNetwork.secondLinkAddress(for: state.nodes[index].address)
    }
    state.qdevice = QDeviceSettings(host: "127.9.0.98", nodeCount: 3)
    let text = CorosyncConfig.text(for: state)
    #expect(text.contains("    ring0_addr: 127.9.0.2\n    ring1_addr: 10.20.20.2\n  }\n"))
    #expect(text.contains("  interface {\n    linknumber: 0\n  }\n  interface {\n    linknumber: 1\n  }\n"))
    #expect(
      text.contains(
        "quorum {\n  device {\n    model: net\n    net {\n      algorithm: lms\n      host: 127.9.0.98\n      tls: on\n    }\n  }\n  provider: corosync_votequorum\n}\n"
      ))
    state.qdevice = QDeviceSettings(host: "127.9.0.98", nodeCount: 2)
    #expect(
      CorosyncConfig.text(for: state).contains(
        "      algorithm: ffsplit\n      host: 127.9.0.98\n      tls: on\n    }\n    votes: 1\n  }\n"))
  }

  @Test func nodesReportingTheSameRingShareOnePartition() throws {
    var state = Seed.state(
      addresses: ["127.9.0.1", "127.9.0.2", "127.9.0.3"], timeScale: 1, now: 1_000_000, ipmi: false)
    state.corosync = [
      "proxmox": try #require(CorosyncView(quorumtool: Self.isolated)),
      "proxmox2": try #require(CorosyncView(quorumtool: Self.survivor(2))),
      "proxmox3": try #require(CorosyncView(quorumtool: Self.survivor(3))),
    ]
    let partitions = Membership.partitions(state)
    #expect(partitions.map(\.members) == [["proxmox"], ["proxmox2", "proxmox3"]])
    #expect(Membership.partition(of: "proxmox", in: state)?.quorate == false)
    #expect(Membership.crmPartition(state)?.members == ["proxmox2", "proxmox3"])
    state.corosync["proxmox"] = nil
    #expect(Membership.partition(of: "proxmox", in: state) == nil)
  }

  @Test func theNodesCorosyncConfHasOneItemPerLineAndTheLabsLogging() {
    var state = Seed.state(
      addresses: ["127.9.0.1", "127.9.0.2", "127.9.0.3"], timeScale: 1, now: 1_000_000, ipmi: false)
    let cluster = CorosyncConfig.text(for: state)
    #expect(cluster.contains("logging {\n  debug: off\n  to_syslog: yes\n}"))
    #expect(!cluster.contains("token"))
    let node = CorosyncConfig.nodeText(for: state)
    #expect(node.contains("  to_stderr: yes\n  to_syslog: no\n  timestamp: hires\n"))
    #expect(node.contains("    ring0_addr: 127.9.0.2\n") && node.contains("  secauth: on\n"))
    #expect(!node.contains("token"))
    state.timeScale = 0.01
    #expect(CorosyncConfig.nodeText(for: state).contains("  token: 1000\n  token_coefficient: 216\n"))
  }

  @Test func timeScaleShortensTheTokenButNotBelowItsFloor() {
    #expect(CorosyncTiming(timeScale: 1).isDefault)
    #expect(CorosyncTiming(timeScale: 1).effectiveToken(nodes: 3) == 3650)
    #expect(CorosyncTiming(timeScale: 0.5).token == 1500)
    #expect(CorosyncTiming(timeScale: 0.001).token == CorosyncTiming.minimumToken)
    #expect(CorosyncTiming(timeScale: 5).token == 3000)
  }

  @Test func theCorosyncLogBecomesJournalEntriesWithTheRealPIDInTheirBoot() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("corosync-log-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let node = NodeLayout(root: root, name: "proxmox")
    try FileManager.default.createDirectory(atPath: node.corosync, withIntermediateDirectories: true)
    let now = Date().timeIntervalSince1970
    let stamp = LocalTime.format(now - 10, "%b %d %H:%M:%S")
    try """
    \(CorosyncLog.startMarker)4242
    \(stamp).250 notice  [TOTEM ] A new membership (2.15) was formed. Members left: 1
    \(stamp).500 warning [KNET  ] host: host: 1 has no active links
    """.write(toFile: node.corosyncLog, atomically: false, encoding: .utf8)
    let entries = CorosyncLog.entries(
      node, name: "proxmox", boots: [("old", now - 3600), ("current", now - 60)], now: now)
    #expect(
      entries.map(\.message) == [
        "[TOTEM ] A new membership (2.15) was formed. Members left: 1", "[KNET  ] host: host: 1 has no active links",
      ])
    #expect(entries.map(\.priority) == [5, 4] && entries.allSatisfy { $0.pid == 4242 && $0.bootID == "current" })
    #expect(entries.allSatisfy { $0.unit == "corosync.service" && $0.identifier == "corosync" })
    #expect(abs(entries[1].time - (now - 10).rounded(.down) - 0.5) < 0.001)
  }
}
