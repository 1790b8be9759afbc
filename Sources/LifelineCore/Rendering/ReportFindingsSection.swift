extension ReportLayout {
  var findingsSection: [ReportBlock] {
    let findings = record.events(ofType: "finding")
    var blocks: [ReportBlock] = [.heading(level: 2, text: "Findings", anchor: "findings")]
    guard !findings.isEmpty else {
      blocks.append(.paragraph([.text("No findings were recorded.")]))
      return blocks
    }
    blocks.append(
      .paragraph([
        .text("What steps found when their checks failed, most severe first, in the order they were recorded.")
      ]))
    let ordered = findings.enumerated().sorted { first, second in
      let a = Self.rank(first.element.string("severity"))
      let b = Self.rank(second.element.string("severity"))
      return a != b ? a < b : first.offset < second.offset
    }.map(\.element)
    let rows: [[[ReportInline]]] = ordered.map { finding in
      [
        [.strong(text(finding.string("severity")))], [.text(text(finding.string("text")))],
        [.code(text(finding.string("step")))], [.text(text(finding.string("node") ?? "—"))], [link(finding)],
      ]
    }
    blocks.append(.table(header: ["Severity", "Finding", "Step", "Node", "Data link"], rows: rows))
    return blocks
  }

  /// Critical first; severities the tool does not know go last.
  private static func rank(_ severity: String?) -> Int {
    severity.flatMap(Severity.init(rawValue:)).flatMap { Severity.allCases.firstIndex(of: $0) }
      ?? Severity.allCases.count
  }
}
