import Testing

@testable import LifelineCore

/// The journal lines corosync, libknet and pve-ha-manager print, read as their sources word
/// them (the source of each is cited in `IncidentSignal`).
@Suite struct ReportIncidentSignalTests {
  private func signal(_ line: String) -> IncidentSignal? {
    guard let journal = JournalLine(line[...], referenceEpochMilliseconds: ReportIncidentFixture.sessionStart) else {
      return nil
    }
    return IncidentSignal(program: journal.program, message: journal.message)
  }

  @Test func totemNamesWhoJoinedAndWhoLeftInOneLine() {
    // totemsrp.c: "Members%s%s" with " joined: …" first, then " left: …".
    #expect(
      signal(
        "Dec 03 08:48:54 proxmox2 corosync[1234]:   [TOTEM ] A new membership (2.15) was formed. Members joined: 3 left: 1"
      )
        == .membership(ring: "2.15", joined: [3], left: [1]))
    // The lab's simulator used to print a second "Members" before "joined:".
    #expect(
      signal(
        "Dec 03 08:48:54 proxmox2 corosync[1234]: [TOTEM ] A new membership (2.15) was formed. Members left: 1 Members joined: 3"
      ) == .membership(ring: "2.15", joined: [3], left: [1]))
    #expect(
      signal("Dec 03 08:48:54 proxmox2 corosync[1234]:   [TOTEM ] A new membership (2.15) was formed. Members")
        == .membership(ring: "2.15", joined: [], left: []))
  }

  @Test func quorumAndKnetLines() {
    #expect(
      signal(
        "Dec 03 08:48:54 proxmox2 corosync[1234]:   [QUORUM] This node is within the non-primary component and will NOT provide any services."
      ) == .quorate(false))
    #expect(
      signal(
        "Dec 03 08:48:54 proxmox2 corosync[1234]:   [QUORUM] This node is within the primary component and will provide service."
      ) == .quorate(true))
    #expect(signal("Dec 03 08:48:54 proxmox2 corosync[1234]:   [QUORUM] Members[2]: 2 3") == .quorumMembers([2, 3]))
    // libknet 1.x logged a link coming up under `rx`, current libknet under `heartbeat`.
    #expect(
      signal("Dec 03 08:48:54 proxmox2 corosync[1234]:   [KNET  ] rx: host: 1 link: 0 is up")
        == .linkUp(nodeID: 1, link: 0))
    #expect(
      signal("Dec 03 08:48:54 proxmox2 corosync[1234]:   [KNET  ] heartbeat: host: 2 link: 1 is up")
        == .linkUp(nodeID: 2, link: 1))
    #expect(
      signal("Dec 03 08:48:54 proxmox2 corosync[1234]:   [KNET  ] link: host: 2 link: 1 is down")
        == .linkDown(nodeID: 2, link: 1))
    #expect(
      signal("Dec 03 08:48:54 proxmox2 corosync[1234]:   [KNET  ] host: host: 3 has no active links")
        == .noActiveLinks(nodeID: 3))
    #expect(
      signal("Dec 03 08:48:54 proxmox2 corosync[1234]:   [KNET  ] host: host: 1 (passive) best link: 0 (pri: 1)") == nil
    )
  }

  @Test func haManagerLines() {
    #expect(
      signal("Dec 03 08:49:55 proxmox3 pve-ha-crm[987]: service 'ct:100': state changed from 'fence' to 'recovery'")
        == .haServiceState(service: "ct:100", from: "fence", to: "recovery", node: nil))
    #expect(
      signal(
        "Dec 03 08:49:55 proxmox3 pve-ha-crm[987]: service 'vm:100': state changed from 'started' to 'migrate'  (node = pve1, target = pve2)"
      ) == .haServiceState(service: "vm:100", from: "started", to: "migrate", node: "pve1"))
    #expect(
      signal("Dec 03 08:49:55 proxmox3 pve-ha-crm[987]: node 'pve1': state changed from 'online' => 'maintenance'")
        == .haNodeState(node: "pve1", from: "online", to: "maintenance"))
    #expect(
      signal("Dec 03 08:49:55 proxmox2 pve-ha-lrm[555]: service status ct:100 started")
        == .serviceStarted(service: "ct:100"))
    #expect(signal("Dec 03 08:49:55 proxmox2 pve-ha-lrm[555]: status change wait_for_agent_lock => active") == nil)
  }

  @Test func journalTimesAreReadInEachFormat() throws {
    let iso = try #require(
      JournalLine("2026-12-03T09:48:52.100000+01:00 proxmox2 corosync[1]: x", referenceEpochMilliseconds: 0))
    #expect(iso.epochMilliseconds == Timestamp.epochMilliseconds(rfc3339: "2026-12-03T08:48:52.100Z"))
    let compact = try #require(JournalLine("2026-12-03T08:48:52-0130 h p: x", referenceEpochMilliseconds: 0))
    #expect(compact.epochMilliseconds == Timestamp.epochMilliseconds(rfc3339: "2026-12-03T10:18:52.000Z"))
    // `short` has no year: a December line read in a January session is from the year before.
    let january = Timestamp.epochMilliseconds(rfc3339: "2027-01-01T00:10:00.000Z")!
    let short = try #require(JournalLine("Dec 31 23:59:58 h corosync[2]: x", referenceEpochMilliseconds: january))
    #expect(short.epochMilliseconds == Timestamp.epochMilliseconds(rfc3339: "2026-12-31T23:59:58.000Z"))
    #expect(short.program == "corosync")
    #expect(JournalLine("-- No entries --", referenceEpochMilliseconds: january) == nil)
    #expect(JournalLine("Dec 41 23:59:58 h p: x", referenceEpochMilliseconds: january) == nil)
  }
}
