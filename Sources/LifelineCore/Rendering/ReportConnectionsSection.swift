extension ReportLayout {
  /// SSH connections made, lost and refused, with the host key each server offered: which
  /// machine the commands really ran on.
  var connectionsSection: [ReportBlock] {
    let events = record.events(ofType: "connection")
    var blocks: [ReportBlock] = [.heading(level: 2, text: "Connections", anchor: "connections")]
    guard !events.isEmpty else {
      blocks.append(.paragraph([.text("No connection events were recorded.")]))
      return blocks
    }
    let rows: [[[ReportInline]]] = events.map { event in
      [
        [.text(time(event))], [.text(text(event.string("node")))], [.text(text(event.string("event")))],
        event.string("fingerprint").map { [.code(text($0))] } ?? [.text("—")],
        [.text(text(event.string("detail") ?? ""))], [link(event)],
      ]
    }
    blocks.append(
      .table(header: ["Time (UTC)", "Node", "Event", "Host key", "Detail", "Data link"], rows: rows))
    return blocks
  }
}
