import Testing

@testable import LifelineCore

/// A survivor's journal that reaches back to the cluster's start: knet's start-up lines about a
/// peer are not the peer's outage.
@Suite struct IncidentStartupTests {
  private func event(_ milliseconds: Int64, _ signal: IncidentSignal, on host: String = "proxmox2")
    -> IncidentEvidence.Event
  {
    IncidentEvidence.Event(epochMilliseconds: milliseconds, host: host, signal: signal, line: "\(signal)", sequence: 1)
  }

  private func analysis(_ events: [IncidentEvidence.Event]) -> IncidentAnalysis {
    var evidence = IncidentEvidence([], referenceEpochMilliseconds: 0)
    evidence.events = events
    evidence.nodeNames = [1: "proxmox", 2: "proxmox2", 3: "proxmox3"]
    return IncidentAnalysis(evidence: evidence, lostNode: "proxmox")
  }

  @Test func noActiveLinksAtTheSurvivorsStartIsNotTheOutage() throws {
    let incident = analysis([
      event(1_000, .noActiveLinks(nodeID: 1)),
      event(2_000, .linkUp(nodeID: 1, link: 0)),
      event(2_100, .membership(ring: "1.8", joined: [1, 2, 3], left: [])),
      event(60_000, .linkDown(nodeID: 1, link: 0)),
      event(60_010, .noActiveLinks(nodeID: 1)),
      event(67_000, .membership(ring: "2.c", joined: [], left: [1])),
      event(90_000, .membership(ring: "1.10", joined: [1], left: [])),
    ])
    #expect(incident.left?.epochMilliseconds == 60_000)
    #expect(incident.back?.epochMilliseconds == 90_000)
    #expect(incident.outageMilliseconds == 30_000)
  }

  @Test func aJournalThatStartsWithTheLossStillShowsIt() throws {
    let incident = analysis([
      event(5_000, .linkDown(nodeID: 1, link: 0)),
      event(12_000, .membership(ring: "2.c", joined: [], left: [1])),
    ])
    #expect(incident.left?.epochMilliseconds == 5_000)
    #expect(incident.back == nil)
  }
}
