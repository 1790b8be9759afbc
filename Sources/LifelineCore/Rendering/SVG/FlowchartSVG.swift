/// A runbook's flowchart drawn as SVG, optionally with the path a session took highlighted.
///
/// The steps stand in one column in the runbook's order, followed by the two endings and the
/// `finally` steps. A step's way to the step right below it is a short arrow; every other way
/// is an arc: forward ones on the right, backward ones on the left, each arc in its own track
/// where it would cross another, so they can be followed by eye. The ways out are those
/// ``Flowchart/edges(of:following:)`` lists, as the Mermaid flowchart has them.
public enum FlowchartSVG {
  static let boxWidth = 320.0
  static let boxHeight = 30.0
  static let rowHeight = 46.0
  static let trackWidth = 9.0
  static let top = 44.0

  static let takenFill = "#d4edda"
  static let takenStroke = "#28a745"
  static let plainStroke = "#8a939c"

  public static func svg(_ runbook: Runbook, highlighting path: [String] = []) -> String {
    let steps = runbook.steps
    let row = Dictionary(steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
    let endRow = steps.count
    let abortRow = steps.count + 1
    let visited = Set(path)
    var takenPairs: Set<[Int]> = []
    for (from, to) in zip(path, path.dropFirst()) {
      if let a = row[from], let b = row[to] { takenPairs.insert([a, b]) }
    }

    struct Way {
      var from: Int
      var to: Int
      var label: String
      var taken: Bool
      var track = 0
    }
    var ways: [Way] = []
    for (index, step) in steps.enumerated() {
      let following = index + 1 < steps.count ? steps[index + 1].id : nil
      var seenTargets: Set<Int> = []
      for (label, target) in Flowchart.edges(of: step, following: following) {
        let to: Int
        switch target {
        case .step(let id): to = row[id] ?? endRow
        case .end: to = endRow
        case .abort: to = abortRow
        }
        // Two ways to the same step read as one arrow; the first label names it.
        guard seenTargets.insert(to).inserted else { continue }
        ways.append(Way(from: index, to: to, label: label, taken: takenPairs.contains([index, to])))
      }
    }
    // Tracks: an arc takes the innermost track no overlapping arc on its side uses yet.
    var rightTracks: [[ClosedRange<Int>]] = []
    var leftTracks: [[ClosedRange<Int>]] = []
    let order = ways.indices.sorted {
      let a = abs(ways[$0].to - ways[$0].from)
      let b = abs(ways[$1].to - ways[$1].from)
      return a != b ? a < b : $0 < $1
    }
    for index in order where !(ways[index].to == ways[index].from + 1) {
      let span = min(ways[index].from, ways[index].to)...max(ways[index].from, ways[index].to)
      let forward = ways[index].to > ways[index].from
      var tracks = forward ? rightTracks : leftTracks
      let track = tracks.firstIndex { used in !used.contains { $0.overlaps(span) } } ?? tracks.count
      if track == tracks.count { tracks.append([]) }
      tracks[track].append(span)
      ways[index].track = track
      if forward { rightTracks = tracks } else { leftTracks = tracks }
    }

    let boxLeft = 24 + Double(max(1, leftTracks.count)) * trackWidth + 40
    let boxRight = boxLeft + boxWidth
    let finallyRows = runbook.finally.isEmpty ? 0 : 1
    let width = boxRight + 70 + Double(max(1, rightTracks.count)) * trackWidth + 24
    let height = top + Double(steps.count + 2 + finallyRows) * rowHeight + 10
    var canvas = SVGCanvas(width: width, height: height)
    canvas.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff")
    func y(_ row: Int) -> Double { top + Double(row) * rowHeight }
    let centre = boxLeft + boxWidth / 2

    // The start, and its way to the first step.
    canvas.text("start", x: centre, y: 18, anchor: .middle, size: 11, fill: "#5e6670")
    let startTaken = path.first == steps.first?.id && !path.isEmpty
    canvas.line(
      x1: centre, y1: 23, x2: centre, y2: y(0) - 4, stroke: startTaken ? takenStroke : plainStroke,
      strokeWidth: startTaken ? 2.5 : 1)
    arrowhead(&canvas, at: (centre, y(0)), pointing: .down, taken: startTaken)

    // Several arcs leave one step: each starts at its own height, its label beside it.
    var arcsFrom: [Int: Int] = [:]
    var arcIndex: [Int] = []
    for way in ways {
      let isArc = way.to != way.from + 1
      arcIndex.append(isArc ? arcsFrom[way.from, default: 0] : 0)
      if isArc { arcsFrom[way.from, default: 0] += 1 }
    }
    for (wayIndex, way) in ways.enumerated() {
      let arcs = arcsFrom[way.from] ?? 1
      let step = arcs > 1 ? (boxHeight - 8) / Double(arcs - 1) : 0
      let fromY = arcs > 1 ? y(way.from) + 4 + Double(arcIndex[wayIndex]) * step + 5 : y(way.from) + boxHeight / 2
      let toY = y(way.to) + boxHeight / 2
      let stroke = way.taken ? takenStroke : plainStroke
      let strokeWidth = way.taken ? 2.5 : 1
      let dashed = way.label == "failed" && !way.taken
      if way.to == way.from + 1 {
        canvas.line(
          x1: centre, y1: y(way.from) + boxHeight, x2: centre, y2: y(way.to) - 4, stroke: stroke,
          strokeWidth: strokeWidth, dashed: dashed)
        arrowhead(&canvas, at: (centre, y(way.to)), pointing: .down, taken: way.taken)
        if way.label != "ok" {
          canvas.text(way.label, x: centre + 6, y: y(way.from) + boxHeight + 12, size: 10, fill: "#5e6670")
        }
        continue
      }
      let forward = way.to > way.from
      let edgeX = forward ? boxRight : boxLeft
      let trackX =
        forward
        ? boxRight + 60 + Double(way.track) * trackWidth
        : boxLeft - 40 - Double(way.track) * trackWidth
      let tipX = forward ? edgeX + 4 : edgeX - 4
      canvas.polyline(
        [(edgeX, fromY - 5), (trackX, fromY - 5), (trackX, toY + 5), (tipX, toY + 5)], stroke: stroke,
        strokeWidth: strokeWidth, dashed: dashed, tooltip: way.label)
      arrowhead(&canvas, at: (edgeX, toY + 5), pointing: forward ? .left : .right, taken: way.taken)
      if forward {
        let labelY = arcs > 1 ? fromY - 6 : fromY - 8
        canvas.text(
          SVGCanvas.shortened(way.label, to: 9), x: edgeX + 4, y: labelY, size: arcs > 2 ? 8 : 10, fill: "#5e6670")
      }
    }

    for (index, step) in steps.enumerated() {
      let taken = visited.contains(step.id)
      let title = step.title ?? step.id
      canvas.rect(
        x: boxLeft, y: y(index), width: boxWidth, height: boxHeight, fill: taken ? takenFill : "#ffffff",
        stroke: taken ? takenStroke : plainStroke, strokeWidth: taken ? 2 : 1, radius: step.isQuestion ? 14 : 3,
        tooltip: "\(step.id): \(title)")
      canvas.text(
        SVGCanvas.shortened(title, to: 46), x: centre, y: y(index) + 19, anchor: .middle, italic: step.isQuestion)
    }
    terminal(&canvas, "end: succeeded", x: centre, y: y(endRow))
    terminal(&canvas, "abort: failed", x: centre, y: y(abortRow))
    if !runbook.finally.isEmpty {
      let names = runbook.finally.map { $0.title ?? $0.id }.joined(separator: "; ")
      let ran = runbook.finally.contains { visited.contains($0.id) }
      canvas.rect(
        x: boxLeft, y: y(abortRow + 1), width: boxWidth, height: boxHeight, fill: ran ? takenFill : "#ffffff",
        stroke: ran ? takenStroke : plainStroke, strokeWidth: ran ? 2 : 1, dashed: true, tooltip: "always: \(names)")
      canvas.text(
        SVGCanvas.shortened("always: " + names, to: 46), x: centre, y: y(abortRow + 1) + 19, anchor: .middle)
    }
    return canvas.document(label: "Flowchart of runbook \(runbook.name)")
  }

  private static func terminal(_ canvas: inout SVGCanvas, _ label: String, x: Double, y: Double) {
    canvas.rect(
      x: x - boxWidth / 2, y: y, width: boxWidth, height: boxHeight, fill: "#f4f6f8", stroke: plainStroke,
      radius: boxHeight / 2)
    canvas.text(label, x: x, y: y + 19, anchor: .middle)
  }

  enum Direction {
    case down, left, right
  }

  /// A small filled triangle whose tip is at `tip`.
  static func arrowhead(_ canvas: inout SVGCanvas, at tip: (Double, Double), pointing: Direction, taken: Bool) {
    let (x, y) = tip
    let points: [(Double, Double)] =
      switch pointing {
      case .down: [(x, y), (x - 4, y - 7), (x + 4, y - 7)]
      case .left: [(x, y), (x + 7, y - 4), (x + 7, y + 4)]
      case .right: [(x, y), (x - 7, y - 4), (x - 7, y + 4)]
      }
    canvas.polygon(points, fill: taken ? takenStroke : plainStroke)
  }
}
