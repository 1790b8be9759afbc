extension ReportLayout {
  /// The follow-ups the runbook recommends for the findings this session recorded
  /// (`finding: {…, action: …}`), as a checklist with the finding each comes from.
  var actionItemsSection: [ReportBlock] {
    var seen: Set<String> = []
    let items: [[ReportInline]] = record.events(ofType: "finding").compactMap { finding in
      guard let action = finding.string("action"), seen.insert(action).inserted else { return nil }
      return [
        .text(text(action)), .text(" — from the \(text(finding.string("severity"))) finding “"),
        .emphasis(text(finding.string("text"))), .text("” of step "), .code(text(finding.string("step"))),
        .text(" ("), link(finding), .text(")"),
      ]
    }
    guard !items.isEmpty else {
      return ownerSection(
        "Action items", anchor: "action-items", prompt: "each follow-up with its owner, ticket and due date.")
    }
    return [
      .heading(level: 2, text: "Action items", anchor: "action-items"),
      .paragraph([.text("The runbook's recommended follow-ups for the findings of this session.")]),
      .checklist(items),
      .placeholder(
        "To be written by the incident owner: the owner, ticket and due date of each, and any follow-up the runbook does not know."
      ),
    ]
  }
}
