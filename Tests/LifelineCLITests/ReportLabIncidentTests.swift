import Foundation
import LifelineLab
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The post-incident record of a real `lifeline run` of node-recovery in the lab: the outage
/// window it drafts agrees with when the test injected the fault and when the runbook's
/// repair healed it, and its HTML report shows the pictures in headless Chromium.
@Suite struct ReportLabIncidentTests {
  /// Proxmox's corosync token for three nodes: 3000 ms + 650 ms per node beyond two
  /// (pve-cluster's corosync.conf; `token_coefficient` in corosync.conf(5)).
  static let tokenTimeout = 3.65
  /// `journalctl`'s `short` format, which the lab prints, has whole seconds.
  static let journalResolution = 1.0

  @Test func theDraftedOutageWindowAgreesWithTheInjectedAndHealedFault() throws {
    try RunbookLab.with(block: 13) { lab in
      let beforeInjection = Date()
      try lab.lab.fail(node: "proxmox", mode: .network)
      let afterInjection = Date()
      // The operator starts once the cluster has noticed: real corosync changes the membership
      // only after the token and consensus timeouts.
      Self.awaitTotalVotes(2, on: "proxmox2", in: lab)
      let run = try lab.run("node-recovery", node: "proxmox", set: ["healthy": "proxmox2"])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.passes(through: ["incident-journal", "ifreload", "restart-corosync", "rejoin-journal"]))
      let report = run.report
      let window = try #require(
        report.firstMatch(
          of:
            #/Outage window:\*\* proxmox out of the membership from (\d\d:\d\d:\d\d\.\d\d\d) .*? to (\d\d:\d\d:\d\d\.\d\d\d) /#
        ),
        "no outage window in the report:\n\(report)")
      let day = Self.day(of: afterInjection)
      let left = try #require(Self.date(day, String(window.1)))
      let back = try #require(Self.date(day, String(window.2)))
      // The node left when the fault was injected, as the survivors saw it.
      #expect(left >= beforeInjection.addingTimeInterval(-Self.journalResolution))
      #expect(left <= afterInjection.addingTimeInterval(Self.tokenTimeout + Self.journalResolution))
      // It came back after the repair, within a token timeout of corosync's restart.
      let events = run.events.all
      let ifreloadStart = try #require(Self.time(of: "step.start", step: "ifreload", in: events))
      let restartEnd = try #require(Self.time(of: "step.end", step: "restart-corosync", in: events))
      #expect(back >= ifreloadStart.addingTimeInterval(-Self.journalResolution))
      #expect(back <= restartEnd.addingTimeInterval(Self.tokenTimeout + Self.journalResolution))
      #expect(report.contains("no vote to spare: one more failure would have stopped the cluster"))
      #expect(report.contains("## Incident timeline"))
      #expect(report.contains("corosync formed membership") && report.contains("node 1 (proxmox) left"))
      try Self.expectPicturesInChromium(transcript: try #require(run.transcript), lab: lab)
    }
  }

  /// Polls `pvecm status` on `node` until it counts `votes` votes (at most 60 s).
  static func awaitTotalVotes(_ votes: Int, on node: String, in lab: RunbookLab) {
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      let status = lab.sim(node, "pvecm", "status").stdout
      if status.range(of: "Total votes:\\s+\(votes)\n", options: .regularExpression) != nil { return }
      Thread.sleep(forTimeInterval: 0.2)
    }
    Issue.record("\(node) never counted \(votes) votes")
  }

  @Test func showDrawsTheFlowchartAloneAsSVG() throws {
    let shown = try CommandRun(RunbookLab.binary, ["show", RunbookLab.runbook("failover-drill"), "--format", "svg"])
      .finish()
    #expect(shown.status == 0, "\(shown.output)")
    #expect(shown.output.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    let parser = XMLParser(data: Data(shown.output.utf8))
    #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
    #expect(shown.output.contains(">Put the node into HA maintenance</text>"))
    #expect(shown.output.contains("<title>always: Make sure the node is out of HA maintenance</title>"))
    let unknown = try CommandRun(RunbookLab.binary, ["show", "failover-drill", "--format", "png"]).finish()
    #expect(unknown.status != 0 && unknown.output.contains("png"), "\(unknown.output)")
  }

  /// Renders the HTML report, screenshots it in headless Chromium, and checks in the DOM
  /// Chromium built that both pictures are there and each is well-formed SVG.
  static func expectPicturesInChromium(transcript: String, lab: RunbookLab) throws {
    let folder = URL(fileURLWithPath: transcript).deletingLastPathComponent().path
    let html = folder + "/report.html"
    let rendered = try CommandRun(
      RunbookLab.binary, ["transcript", "render", transcript, "--format", "html", "-o", html]
    ).finish()
    #expect(rendered.status == 0, "\(rendered.output)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    let svgs = page.ranges(of: #/<svg [\s\S]*?</svg>/#).map { String(page[$0]) }
    #expect(svgs.count == 2)
    for svg in svgs {
      let parser = XMLParser(data: Data(svg.utf8))
      #expect(parser.parse(), "an SVG of the report is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
    }
    let chromium = try #require(
      ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) },
      "headless Chromium is needed (Debian package chromium)")
    let profile = folder + "/chromium-profile"
    let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--no-first-run"]
    let screenshot = folder + "/report.png"
    let shot = try CommandRun(
      chromium, common + ["--screenshot=\(screenshot)", "--window-size=1280,2400", "file://\(html)"]
    ).finish()
    let png = FileManager.default.contents(atPath: screenshot) ?? Data()
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "no screenshot: \(shot.output)")
    let dom = try CommandRun(chromium, common + ["--dump-dom", "file://\(html)"]).finish()
    #expect(dom.output.ranges(of: "<svg ").count == 2, "Chromium's DOM lacks the pictures")
    #expect(dom.output.contains("aria-label=\"Timeline of the incident and the session\""))
    #expect(dom.output.contains("aria-label=\"Flowchart of runbook node-recovery\""))
    try? FileManager.default.removeItem(atPath: profile)
  }

  static func day(of date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    return formatter.string(from: date)
  }

  static func date(_ day: String, _ clock: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: "\(day)T\(clock)Z")
  }

  static func time(of type: String, step: String, in events: [[String: Any]]) -> Date? {
    let event = events.first { $0["type"] as? String == type && $0["step"] as? String == step }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return (event?["ts"] as? String).flatMap(formatter.date(from:))
  }
}
