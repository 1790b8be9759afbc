extension ReportLayout {
  /// Each runbook's flowchart with the steps the session took highlighted, when the
  /// runbook file is still the one the session ran.
  var flowchartSection: [ReportBlock] {
    var blocks: [ReportBlock] = [.heading(level: 2, text: "Flowchart", anchor: "flowchart")]
    guard !record.segments.isEmpty else {
      blocks.append(.paragraph([.text("The session ran no runbook.")]))
      return blocks
    }
    for (index, segment) in record.segments.enumerated() {
      let recorded = segment.runbook
      if record.segments.count > 1 {
        blocks.append(.heading(level: 3, text: "Runbook " + text(recorded.name), anchor: nil))
      }
      if !segment.path.isEmpty {
        blocks.append(
          .paragraph([.strong("Path taken:"), .text(" " + segment.path.map(text).joined(separator: " → "))]))
      }
      if let runbook = loadedRunbook(recorded) {
        blocks.append(
          .paragraph([
            .text(
              "Steps the session completed are highlighted. The runbook file still has the SHA-256 the session recorded, so this is the procedure it followed."
            )
          ]))
        if let picture = flowchartPicture(segment: index) { blocks.append(.picture(picture)) }
        blocks.append(
          .folded(summary: "Mermaid source", [.mermaid(Flowchart.mermaid(runbook, highlighting: segment.path))]))
        continue
      }
      let reason = runbooks.lazy.compactMap { candidate -> String? in
        if case .unavailable(let file, let reason) = candidate, file == recorded.file { return reason }
        return nil
      }.first
      blocks.append(
        .paragraph([
          .strong("No flowchart:"),
          .text(" the runbook file "), .code(text(recorded.file)),
          .text(" " + text(reason ?? "was not available when this report was made") + "."),
        ]))
    }
    return blocks
  }
}
