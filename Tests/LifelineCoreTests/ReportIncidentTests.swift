import Foundation
import Testing

@testable import LifelineCore

/// The incident's own timeline and the drafted impact, from a scripted node loss whose
/// every figure is known (``ReportIncidentFixture``).
@Suite struct ReportIncidentTests {
  private func runbooks() throws -> [ReportRunbook] {
    [.loaded(try ReportIncidentFixture.runbook, sha256: ReportIncidentFixture.runbookSHA256)]
  }

  private func layout() throws -> ReportLayout {
    let runbooks = try runbooks()
    let record = ReportRecord(
      transcript: ReportIncidentFixture.transcript(), fileName: ReportIncidentFixture.transcriptName,
      evidenceSteps: ReportLayout.evidenceSteps(of: runbooks))
    return ReportLayout(record: record, runbooks: runbooks)
  }

  private func markdown() throws -> String {
    ReportRenderer.markdown(
      transcript: ReportIncidentFixture.transcript(), fileName: ReportIncidentFixture.transcriptName,
      runbooks: try runbooks())
  }

  private func epoch(_ rfc3339: String) -> Int64 { Timestamp.epochMilliseconds(rfc3339: rfc3339)! }

  /// The transcript line a `seq` names.
  private func line(_ sequence: Int) -> String {
    String(ReportIncidentFixture.transcript().split(separator: "\n")[sequence])
  }

  @Test func theOutageWindowRunsFromTheFirstLinkDownToTheMembershipWithTheNodeBack() throws {
    let incident = try #require(try layout().incident)
    #expect(incident.lostNodeID == 1)
    let left = try #require(incident.left)
    let back = try #require(incident.back)
    #expect(left.epochMilliseconds == epoch(ReportIncidentFixture.nodeLeft))
    #expect(left.line.hasSuffix("[KNET  ] link: host: 1 link: 0 is down"))
    #expect(back.epochMilliseconds == epoch(ReportIncidentFixture.nodeBack))
    #expect(back.line.hasSuffix("A new membership (1.1a) was formed. Members joined: 1"))
    #expect(incident.outageMilliseconds == 999_588)
    // Each figure's link is the transcript line that holds its journal line.
    #expect(line(left.sequence).contains("link: host: 1 link: 0 is down"))
    #expect(line(back.sequence).contains("Members joined: 1"))
  }

  @Test func eachHAServiceIsDownFromItsFenceToItsStartElsewhere() throws {
    let incident = try #require(try layout().incident)
    let services = incident.services.map { ($0.service, $0.downtimeMilliseconds, $0.startedOn) }
    #expect(services.count == 2)
    #expect(services[0] == ("ct:100", 64_001, "proxmox2"))
    #expect(services[1] == ("vm:101", 74_000, "proxmox3"))
    #expect(incident.services.allSatisfy { $0.recovery != nil })
  }

  @Test func aJournalReadTwiceInTwoFormatsGivesEachEventOnce() throws {
    let incident = try #require(try layout().incident)
    let memberships = incident.evidence.events.filter {
      if case .membership(_, _, let left) = $0.signal { return left == [1] }
      return false
    }
    #expect(memberships.count == 1)
    #expect(
      incident.evidence.events.map(\.epochMilliseconds) == incident.evidence.events.map(\.epochMilliseconds).sorted())
  }

  @Test func theImpactIsADraftWithEveryFigureLinked() throws {
    let report = try markdown()
    let link = { (sequence: Int) in "[seq \(sequence)](./\(ReportIncidentFixture.transcriptName)#seq=\(sequence))" }
    let incident = try #require(try layout().incident)
    let left = try #require(incident.left)
    let back = try #require(incident.back)
    #expect(report.contains("## Impact (draft)"))
    #expect(report.contains("**Draft.**"))
    #expect(
      report.contains(
        "- **Outage window:** proxmox out of the membership from 08:48:50.412 (\(link(left.sequence))) to 09:05:30.000 (\(link(back.sequence))): **\(ReportFormat.duration(milliseconds: 999_588))**"
      ))
    #expect(report.contains("2 of 3 expected votes, quorum 2, on proxmox2"))
    #expect(report.contains("no vote to spare: one more failure would have stopped the cluster"))
    #expect(
      report.contains(
        "- **Time to detect:** **\(ReportFormat.duration(milliseconds: 669_588))** from the node leaving (\(link(left.sequence)))"
      ))
    #expect(report.contains("- **Time to recover:** **\(ReportFormat.duration(milliseconds: 999_588))**"))
    #expect(report.contains("| `ct:100` | 08:49:55.000 "))
    #expect(report.contains("**\(ReportFormat.duration(milliseconds: 64_001))** |"))
    // The guest that is not HA stayed on the lost node; the HA ones are not listed.
    #expect(report.contains("| `qemu/102` | db | unknown |"))
    #expect(!report.contains("| `lxc/100` | web"))
    #expect(report.contains("### What Lifeline cannot know"))
    try ReportGolden.check(report, against: "report-incident.md")
  }

  @Test func theIncidentTimelineSaysWhatEachLineMeans() throws {
    let report = try markdown()
    #expect(report.contains("## Incident timeline"))
    #expect(report.contains("| 08:48:50.412 | proxmox2 | knet link 0 to node 1 (proxmox) down |"))
    #expect(report.contains("| 08:48:52.100 | proxmox2 | corosync: no token for"))
    #expect(report.contains("| 08:48:54.000 | proxmox2 | corosync formed membership 2.15: node 1 (proxmox) left |"))
    #expect(report.contains("HA: service ct:100 recovery → started on proxmox2"))
    #expect(report.contains("HA: fencing of proxmox acknowledged"))
    #expect(report.contains("| 09:05:30.000 | proxmox2 | corosync formed membership 1.1a: node 1 (proxmox) joined |"))
  }

  @Test func actionItemsAreAChecklistWithTheFindingTheyComeFrom() throws {
    let report = try markdown()
    #expect(
      report.contains(
        "- [ ] Restore the source line on proxmox and add a check to the change process — from the critical finding “_\\[Network\\] proxmox lacks the source line_” of step `network-config`"
      ))
  }

  @Test func withoutEvidenceTheImpactStaysForTheOwner() throws {
    let report = ReportRenderer.markdown(
      transcript: ReportIncidentFixture.transcript(), fileName: ReportIncidentFixture.transcriptName, runbooks: [])
    #expect(!report.contains("Impact (draft)"))
    #expect(report.contains("_To be written by the incident owner: what was unavailable"))
  }

  @Test func thePicturesAreWellFormedSVGAndMatchTheirGoldenFiles() throws {
    let pictures = ReportRenderer.pictures(
      transcript: ReportIncidentFixture.transcript(), fileName: ReportIncidentFixture.transcriptName,
      runbooks: try runbooks())
    #expect(
      pictures.map(\.fileName) == [
        "2026-12-03T09-00-00Z_node-recovery_proxmox.timeline.svg",
        "2026-12-03T09-00-00Z_node-recovery_proxmox.flowchart.svg",
      ])
    for picture in pictures {
      let structure = HTMLStructure(picture.svg)
      #expect(structure.error == nil, "\(picture.fileName): \(structure.error ?? "")")
      #expect(structure.elements.first == "svg")
      #expect(!picture.svg.contains("url(") && !picture.svg.contains("<script") && !picture.svg.contains("href"))
    }
    try ReportGolden.check(pictures[0].svg, against: "incident-timeline.svg")
    try ReportGolden.check(pictures[1].svg, against: "incident-flowchart.svg")
  }

  @Test func theHTMLReportHoldsThePicturesInline() throws {
    let page = ReportRenderer.html(
      transcript: ReportIncidentFixture.transcript(), fileName: ReportIncidentFixture.transcriptName,
      runbooks: try runbooks())
    let structure = HTMLStructure(page)
    #expect(structure.error == nil, "\(structure.error ?? "")")
    #expect(structure.count(of: "svg") == 2)
    #expect(structure.count(of: "figure") == 2)
    try ReportGolden.check(page, against: "report-incident.html")
  }

  @Test func recordTextInAPictureIsEscapedAndStaysWellFormed() throws {
    let runbook = try RunbookLoader.load(
      text: """
        name: odd
        title: Odd
        steps:
          - id: a
            title: "<script>alert('x')</script> & \\e[31mred\\e[0m"
            on: local
            run: "true"
        """, file: "odd.yaml")
    #expect(runbook.steps[0].title?.contains("\u{1B}") == true)
    let svg = FlowchartSVG.svg(runbook, highlighting: ["a"])
    #expect(HTMLStructure(svg).error == nil)
    #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; ^[[31mred^[[0m"))
    #expect(!svg.contains("<script"))
  }

  @Test func aDrillsMovesAreMeasuredFromTheRequestToTheStart() {
    let lines = [
      "2026-12-03T10:00:00.000000+00:00 pve2 pve-ha-crm[9]: node 'pve1': state changed from 'online' => 'maintenance'",
      "2026-12-03T10:00:00.500000+00:00 pve2 pve-ha-crm[9]: service 'vm:100': state changed from 'started' to 'migrate'  (node = pve1, target = pve3)",
      "2026-12-03T10:00:12.750000+00:00 pve2 pve-ha-crm[9]: service 'vm:100': state changed from 'migrate' to 'started'  (node = pve3)",
    ].enumerated().map {
      EvidenceLine(step: "drill-journal", node: "pve2", kinds: [.journal], sequence: 40 + $0.offset, text: $0.element)
    }
    let incident = IncidentAnalysis(
      evidence: IncidentEvidence(lines, referenceEpochMilliseconds: ReportIncidentFixture.sessionStart),
      lostNode: "pve1")
    #expect(incident.left == nil && incident.services.isEmpty)
    #expect(incident.moves.count == 1)
    #expect(incident.moves.first?.durationMilliseconds == 12_250)
    #expect(incident.moves.first?.from == "pve1" && incident.moves.first?.startedOn == "pve3")
    #expect(incident.moves.first?.started?.sequence == 42)
  }
}
