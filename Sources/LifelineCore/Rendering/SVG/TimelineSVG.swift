/// The session drawn on one time axis, one lane per node: the incident's events as marks,
/// the runbook's steps as bars coloured by their result, findings as diamonds, and the
/// moments the node left and came back as lines across all lanes.
///
/// Every mark and bar carries its detail as an SVG `<title>`, which viewers show on hover.
struct TimelineSVG: Sendable {
  enum MarkKind: Sendable, Hashable {
    case loss, recovery, quorum, ha, link, critical, warning, info
  }

  struct Mark: Sendable, Hashable {
    var time: Int64
    var lane: String
    var kind: MarkKind
    var tooltip: String
  }

  struct Bar: Sendable, Hashable {
    var start: Int64
    var end: Int64
    var lane: String
    var label: String
    /// `ok`, `failed`, or nil for a step that did not finish.
    var result: String?
    var tooltip: String
  }

  struct Milestone: Sendable, Hashable {
    var time: Int64
    var label: String
  }

  var lanes: [String]
  var marks: [Mark] = []
  var bars: [Bar] = []
  var milestones: [Milestone] = []

  static let laneLabelWidth = 130.0
  static let chartWidth = 900.0
  static let laneHeight = 46.0
  static let top = 58.0

  func svg(label: String) -> String {
    let times = marks.map(\.time) + bars.flatMap { [$0.start, $0.end] } + milestones.map(\.time)
    let first = times.min() ?? 0
    let last = max(times.max() ?? 0, first + 1000)
    let span = Double(last - first)
    let left = Self.laneLabelWidth + 10
    func x(_ time: Int64) -> Double { left + Double(time - first) / span * Self.chartWidth }
    let legendTop = Self.top + Double(lanes.count) * Self.laneHeight + 34
    let width = left + Self.chartWidth + 30
    let height = legendTop + 30
    var canvas = SVGCanvas(width: width, height: height)
    canvas.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff")

    // Lanes and their names.
    for (index, lane) in lanes.enumerated() {
      let y = Self.top + Double(index) * Self.laneHeight
      canvas.rect(
        x: left, y: y, width: Self.chartWidth, height: Self.laneHeight - 4, fill: index % 2 == 0 ? "#f4f6f8" : "#fbfcfd"
      )
      canvas.text(SVGCanvas.shortened(lane, to: 18), x: Self.laneLabelWidth, y: y + 25, anchor: .end, bold: true)
    }
    // The axis: five ticks with their UTC times.
    let axisY = Self.top + Double(lanes.count) * Self.laneHeight + 4
    canvas.line(x1: left, y1: axisY, x2: left + Self.chartWidth, y2: axisY, stroke: "#5e6670")
    for tick in 0...4 {
      let time = first + Int64(Double(last - first) * Double(tick) / 4)
      let tickX = x(time)
      canvas.line(x1: tickX, y1: axisY, x2: tickX, y2: axisY + 5, stroke: "#5e6670")
      let clock = String(Timestamp.rfc3339(epochMilliseconds: time).dropFirst(11).prefix(8))
      canvas.text(clock, x: tickX, y: axisY + 18, anchor: tick == 0 ? .start : tick == 4 ? .end : .middle, size: 10)
    }
    // Milestones across every lane, labelled above them, alternating rows when close.
    var lastLabelEnd: [Double] = [-1000, -1000]
    for milestone in milestones.sorted(by: { $0.time < $1.time }) {
      let lineX = x(milestone.time)
      canvas.line(
        x1: lineX, y1: Self.top - 6, x2: lineX, y2: axisY, stroke: "#b3261e", strokeWidth: 1.5, dashed: true)
      let row = lineX - 4 > lastLabelEnd[0] ? 0 : 1
      let labelY = row == 0 ? 22.0 : 40.0
      canvas.text(milestone.label, x: lineX, y: labelY, anchor: .middle, size: 11, fill: "#b3261e", bold: true)
      lastLabelEnd[row] = lineX + Double(milestone.label.count) * 3.4
    }
    // Steps as bars.
    for bar in bars {
      guard let lane = lanes.firstIndex(of: bar.lane) else { continue }
      let y = Self.top + Double(lane) * Self.laneHeight + 22
      let startX = x(bar.start)
      let barWidth = max(3, x(bar.end) - startX)
      let (fill, stroke) =
        switch bar.result {
        case "ok": ("#b7e1c1", "#2e7d46")
        case "failed": ("#f5c2bd", "#b3261e")
        default: ("#e3e6ea", "#8a939c")
        }
      canvas.rect(
        x: startX, y: y, width: barWidth, height: 14, fill: fill, stroke: stroke, radius: 2, tooltip: bar.tooltip)
      if barWidth > Double(bar.label.count) * 6.5 + 6 {
        canvas.text(bar.label, x: startX + 3, y: y + 11, size: 10)
      }
    }
    // Events and findings as marks.
    for mark in marks {
      guard let lane = lanes.firstIndex(of: mark.lane) else { continue }
      let centreY = Self.top + Double(lane) * Self.laneHeight + 11
      let markX = x(mark.time)
      switch mark.kind {
      case .critical, .warning, .info:
        let colour = mark.kind == .critical ? "#b3261e" : mark.kind == .warning ? "#c77700" : "#3b6ea8"
        canvas.polygon(
          [(markX, centreY - 7), (markX + 6, centreY), (markX, centreY + 7), (markX - 6, centreY)], fill: colour,
          stroke: "#ffffff", tooltip: mark.tooltip)
      default:
        canvas.circle(
          x: markX, y: centreY, radius: 5, fill: Self.colour(of: mark.kind), stroke: "#ffffff", tooltip: mark.tooltip)
      }
    }
    legend(&canvas, top: legendTop, left: left)
    return canvas.document(label: label)
  }

  static func colour(of kind: MarkKind) -> String {
    switch kind {
    case .loss: "#b3261e"
    case .recovery: "#2e7d46"
    case .quorum: "#7b3fa0"
    case .ha: "#c77700"
    case .link: "#5e6670"
    case .critical: "#b3261e"
    case .warning: "#c77700"
    case .info: "#3b6ea8"
    }
  }

  private func legend(_ canvas: inout SVGCanvas, top: Double, left: Double) {
    var x = left
    let entries: [(String, MarkKind)] = [
      ("node lost", .loss), ("node back", .recovery), ("quorum", .quorum), ("HA", .ha), ("knet link", .link),
    ]
    for (label, kind) in entries {
      canvas.circle(x: x + 5, y: top, radius: 5, fill: Self.colour(of: kind), stroke: "#ffffff")
      canvas.text(label, x: x + 14, y: top + 4, size: 11)
      x += 24 + Double(label.count) * 6.5
    }
    canvas.polygon([(x + 5, top - 6), (x + 10, top), (x + 5, top + 6), (x, top)], fill: "#b3261e")
    canvas.text("finding", x: x + 14, y: top + 4, size: 11)
    x += 70
    canvas.rect(x: x, y: top - 6, width: 18, height: 12, fill: "#b7e1c1", stroke: "#2e7d46")
    canvas.text("step ok", x: x + 22, y: top + 4, size: 11)
    x += 76
    canvas.rect(x: x, y: top - 6, width: 18, height: 12, fill: "#f5c2bd", stroke: "#b3261e")
    canvas.text("step failed", x: x + 22, y: top + 4, size: 11)
  }
}
