extension ReportLayout {
  /// What the operator wrote down during the session, word for word: the first draft of
  /// the lessons learned.
  var notesSection: [ReportBlock] {
    let notes = record.events(ofType: "note")
    var blocks: [ReportBlock] = [.heading(level: 2, text: "Operator notes", anchor: "notes")]
    guard !notes.isEmpty else {
      blocks.append(.paragraph([.text("The operator wrote no notes.")]))
      return blocks
    }
    blocks.append(
      .table(
        header: ["Time (UTC)", "Note", "Data link"],
        rows: notes.map { [[.text(time($0))], [.text(text($0.string("text")))], [link($0)]] }))
    return blocks
  }
}
