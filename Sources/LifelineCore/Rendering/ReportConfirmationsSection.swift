extension ReportLayout {
  /// Every confirmation asked and every question answered: who decided what a person had
  /// to decide, and when.
  var confirmationsAndAnswersSection: [ReportBlock] {
    let events = record.events.filter { $0.type == "confirm" || $0.type == "answer" }
    var blocks: [ReportBlock] = [
      .heading(level: 2, text: "Confirmations and answers", anchor: "confirmations-and-answers")
    ]
    guard !events.isEmpty else {
      blocks.append(.paragraph([.text("No step asked for a confirmation or an answer.")]))
      return blocks
    }
    let rows: [[[ReportInline]]] = events.map { event in
      let asked: String
      var reply: [ReportInline]
      if event.type == "confirm" {
        asked = text(event.string("prompt"))
        reply = [.strong(text(event.string("answer")))]
        if let by = event.string("by") { reply.append(.text(" by " + text(by))) }
        if let node = event.string("typed_node") { reply.append(.text(", typing the node name " + text(node))) }
      } else {
        asked = text(event.string("question"))
        reply = [.text("answered "), .strong(text(event.string("choice")))]
      }
      return [[.text(time(event))], [.code(text(event.string("step")))], [.text(asked)], reply, [link(event)]]
    }
    blocks.append(.table(header: ["Time (UTC)", "Step", "Asked", "Reply", "Data link"], rows: rows))
    return blocks
  }
}
