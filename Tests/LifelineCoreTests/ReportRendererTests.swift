import Foundation
import Testing

@testable import LifelineCore

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct ReportRendererTests {
  private func loadedRunbooks() throws -> [ReportRunbook] {
    [.loaded(try ReportFixture.runbook, sha256: ReportFixture.runbookSHA256)]
  }

  private func markdown(_ transcript: String, runbooks: [ReportRunbook]? = nil) throws -> String {
    ReportRenderer.markdown(
      transcript: transcript, fileName: ReportFixture.transcriptName, runbooks: try runbooks ?? loadedRunbooks())
  }

  private func html(_ transcript: String, runbooks: [ReportRunbook]? = nil) throws -> String {
    ReportRenderer.html(
      transcript: transcript, fileName: ReportFixture.transcriptName, runbooks: try runbooks ?? loadedRunbooks())
  }

  /// A one-step session whose events are sealed as given, without the recorder's redaction.
  private func session(_ events: [TranscriptEvent]) -> String {
    var chain = TranscriptChain()
    var time: Int64 = 1_793_986_812_000
    let start = TranscriptEvent.sessionStart(
      .init(
        toolVersion: "0.9.0", operatorName: "alice", hostName: "ops-laptop", cluster: "homelab", inventoryFile: nil,
        runbook: nil, runbookFile: nil, runbookSHA256: nil, parameters: [], mode: "repl"))
    return ([start] + events).map { event in
      time += 1_000
      return chain.seal(event, epochMilliseconds: time) + "\n"
    }.joined()
  }

  @Test func theFixtureIsAnIntactRecordOfEverythingTheReportShows() throws {
    let transcript = try ReportFixture.transcript()
    guard case .intact(let events, _, false) = TranscriptVerifier.verify(transcript) else {
      Issue.record("the fixture does not verify")
      return
    }
    #expect(events > 40)
    let types = transcript.split(separator: "\n").compactMap { JSONValue.parse($0)?["type"]?.stringValue }
    for type in ["connection", "answer", "confirm", "note", "finding", "session.end"] {
      #expect(types.contains(type), "no \(type) event")
    }
    #expect(transcript.contains(#""next":"retry in 10s""#))
    #expect(transcript.contains(#""next":"power-cycle""#))
    #expect(transcript.contains(#""bytes":""#))
    #expect(transcript.contains(#""captures":{"votes.pve1":"2","votes.pve3":"2","votes":"2"}"#))
    for severity in Severity.allCases { #expect(transcript.contains(#""severity":"\#(severity.rawValue)""#)) }
  }

  @Test func markdownMatchesItsGoldenFile() throws {
    try ReportGolden.check(try markdown(try ReportFixture.transcript()), against: "report-node-recovery.md")
  }

  @Test func htmlMatchesItsGoldenFile() throws {
    try ReportGolden.check(try html(try ReportFixture.transcript()), against: "report-node-recovery.html")
  }

  @Test func aTamperedRecordIsRenderedWithAVisibleWarning() throws {
    let original = try ReportFixture.transcript()
    // Someone turns the failed fencing check into a success after the fact.
    let tampered = original.replacingOccurrences(
      of: #""command":"ha-manager status --verbose | grep -i fence","exit":1"#,
      with: #""command":"ha-manager status --verbose | grep -i fence","exit":0"#)
    #expect(tampered != original)
    let line = tampered.split(separator: "\n").firstIndex { $0.contains(#"grep -i fence","exit":0"#) }.map { $0 + 1 }
    let report = try markdown(tampered)
    #expect(
      report.contains(
        "> [!WARNING]\n> **This record does not verify.** Line \(line ?? 0): line \(line ?? 0) was altered"))
    #expect(!report.contains("The record verifies."))
    #expect(report.contains("**does not verify**"))
    let page = try html(tampered)
    #expect(
      page.contains("<div class=\"notice warning\" role=\"alert\"><p><strong>This record does not verify.</strong>"))
  }

  @Test func theReportSaysWhetherTheRecordVerifiesAndGivesItsFinalHash() throws {
    let transcript = try ReportFixture.transcript()
    guard case .intact(let events, let finalHash, _) = TranscriptVerifier.verify(transcript) else {
      Issue.record("the fixture does not verify")
      return
    }
    let report = try markdown(transcript)
    #expect(
      report.contains(
        "> **The record verifies.** Its \(events) events form an unbroken hash chain ending in `\(finalHash)`"))
    #expect(report.contains("- **Final hash:** `\(finalHash)`"))
  }

  @Test func secretsTheRecorderRedactedStayRedacted() throws {
    let transcript = try ReportFixture.transcript()
    #expect(!transcript.contains(ReportFixture.apiToken))
    let report = try markdown(transcript)
    let page = try html(transcript)
    for rendered in [report, page] {
      #expect(!rendered.contains(ReportFixture.apiToken))
      #expect(!rendered.contains("7c1e9a52"))
      #expect(rendered.contains("api_token=‹redacted›"))
    }
    #expect(report.contains("curl -s -H Authorization:PVEAPIToken='‹redacted›' https://pve1:8006"))
    #expect(page.contains("curl -s -H Authorization:PVEAPIToken=&#39;‹redacted›&#39; https://pve1:8006"))
  }

  @Test func credentialsARecordLetThroughAreMaskedInTheReport() throws {
    let transcript = session([.note("reset the root password=hunter2 on the BMC, token=abc123")])
    for report in [try markdown(transcript, runbooks: []), try html(transcript, runbooks: [])] {
      #expect(!report.contains("hunter2"))
      #expect(!report.contains("abc123"))
      #expect(report.contains("password=‹redacted›"))
    }
  }

  @Test func htmlEscapesMarkupInOutputAndNotes() throws {
    let transcript = session([
      .execStart(node: "pve1", command: "cat /tmp/<payload>.html"),
      .output(step: nil, node: "pve1", stream: .stdout, bytes: Array("<script>alert(\"pwned\")</script>\n".utf8)),
      .execEnd(RunResult(target: .node("pve1"), command: "cat /tmp/<payload>.html", outcome: .exited(0))),
      .note("<img src=x onerror=alert(1)> & 'quotes'"),
    ])
    let page = try html(transcript, runbooks: [])
    #expect(!page.lowercased().contains("<script"))
    #expect(!page.contains("<img"))
    #expect(!page.contains("<payload>"))
    #expect(page.contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"))
    #expect(page.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &#39;quotes&#39;"))
    let report = try markdown(transcript, runbooks: [])
    #expect(report.contains("\\<img src=x onerror=alert(1)\\> \\& 'quotes'"))
    #expect(report.contains("```text\n<script>alert(\"pwned\")</script>\n```"))
  }

  @Test func htmlIsOneWellFormedSelfContainedFile() throws {
    let page = try html(try ReportFixture.transcript())
    #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    for external in ["<script", "<link", "<img", "<iframe", "src=", "href=\"http", "@import", "url("] {
      #expect(!page.contains(external), "the page refers to something outside itself: \(external)")
    }
    #expect(page.contains("<pre class=\"mermaid\">flowchart TD"))
    let structure = HTMLStructure(page)
    #expect(structure.error == nil, "\(structure.error ?? "")")
    #expect(structure.elements.first == "html")
    #expect(structure.count(of: "style") == 1)
    #expect(structure.count(of: "main") == 1)
    #expect(structure.count(of: "h1") == 1)
    #expect(structure.count(of: "details") >= 1)
  }

  @Test func escapeSequencesInOutputAreShownAsText() throws {
    let transcript = try ReportFixture.transcript()
    #expect(transcript.contains(#"\u001b[0;1;31m"#))
    for report in [try markdown(transcript), try html(transcript)] {
      #expect(!report.contains("\u{1B}"))
      #expect(!report.contains("\u{07}"))
      #expect(report.contains("^[[0;1;31m×^[[0m corosync.service"))
      #expect(report.contains("^[]0;root@pve2^G"))
    }
  }

  @Test func veryLongOutputIsFoldedWithItsHeadAndTail() throws {
    let report = try markdown(try ReportFixture.transcript())
    #expect(report.contains("<summary>pve2 stdout: 3,001 lines, 265.6 KiB</summary>"))
    #expect(report.contains("link: 0 is down (retry 1)\n"))
    #expect(report.contains("link: 0 is down (retry 50)\n"))
    #expect(!report.contains("(retry 51)"))
    #expect(!report.contains("(retry 2951)"))
    #expect(report.contains("link: 0 is down (retry 2952)\n"))
    #expect(report.contains("kernel: BUG: kernel NULL pointer dereference"))
    #expect(report.contains("_… 2,901 lines ("))
    #expect(report.contains("not shown; the whole output is in the transcript, seq 23–27 …_"))
  }

  @Test func binaryOutputIsShownAsItsSize() throws {
    let report = try markdown(try ReportFixture.transcript())
    #expect(report.contains("pve2 stdout: _512 bytes of binary output (base64 in the record)_, seq "))
  }

  @Test func withoutTheRunbookTheFlowchartIsReplacedByTheReason() throws {
    let reason = "has changed since the session (Runbooks/node-recovery.yaml no longer has the recorded SHA-256)"
    let report = try markdown(
      try ReportFixture.transcript(), runbooks: [.unavailable(file: ReportFixture.runbookFile, reason: reason)])
    #expect(report.contains("**No flowchart:** the runbook file `Runbooks/node-recovery.yaml` \(reason)."))
    #expect(!report.contains("```mermaid"))
    #expect(report.contains("**Path taken:** quorum → ping → ping → power-cycle → corosync"))
  }

  @Test func theFlowchartHighlightsThePathTaken() throws {
    let report = try markdown(try ReportFixture.transcript())
    #expect(report.contains("```mermaid\nflowchart TD"))
    #expect(
      report.contains(
        "  class step_quorum,step_ping,step_power_cycle,step_corosync,step_journal,step_boot_sector,step_fencing,step_storage,step_rejoin,step_verify taken"
      ))
  }

  @Test func anAuditGetsAResilienceScorePerCategory() throws {
    let report = try markdown(try ReportFixture.transcript())
    #expect(report.contains("## Resilience score"))
    #expect(report.contains("| Fencing | 1 | 0 | 0 | **6.0** |"))
    #expect(report.contains("| Network | 0 | 1 | 0 | **8.0** |"))
    #expect(report.contains("| Storage | 0 | 0 | 1 | **9.5** |"))
    #expect(report.contains("**7.8 out of 10**"))
  }

  @Test func theScoreOfACategoryNeverGoesBelowZero() throws {
    let findings = Array(repeating: (severity: "critical", text: "[Backups] none"), count: 3)
    let score = try #require(ReportResilienceScore(findings: findings, checkedCategories: ["HA"]))
    #expect(score.categories.map(\.name) == ["Backups", "HA"])
    #expect(score.categories.map(\.score) == [0, 10])
    #expect(score.overall == 5)
  }

  @Test func findingsWithoutACategoryGiveNoScore() throws {
    #expect(
      ReportResilienceScore(findings: [(severity: "warning", text: "disk is slow")], checkedCategories: []) == nil)
    let transcript = session([
      .finding(Finding(severity: .warning, text: "disk is slow", stepID: "disks", target: .node("pve1")))
    ])
    #expect(!(try markdown(transcript, runbooks: [])).contains("Resilience score"))
  }

  @Test func aSessionThatWasCutOffSaysSo() throws {
    let complete = try ReportFixture.transcript()
    var lines = complete.split(separator: "\n").map(String.init)
    lines.removeLast()
    let cutOff = lines.joined(separator: "\n") + "\n{\"seq\":99,\"ts\":"
    let report = try markdown(cutOff)
    #expect(report.contains("The file ends in a partial line, cut off while it was written"))
    #expect(report.contains("- **Outcome:** **unknown**: the record has no session.end."))
  }

  @Test func theRunbooksARecordNamesAreListedForTheCallerToFind() throws {
    let recorded = ReportRenderer.recordedRunbooks(in: try ReportFixture.transcript())
    #expect(
      recorded == [
        RecordedRunbook(name: "node-recovery", file: ReportFixture.runbookFile, sha256: ReportFixture.runbookSHA256)
      ])
  }
}
