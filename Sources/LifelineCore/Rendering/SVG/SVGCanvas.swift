/// Writes an SVG document element by element: escaped text, numbers written the same way
/// on every machine, no scripts, no external references (not even `url(#…)`), so the drawing
/// is well-formed XML that inlines into the HTML report and stands alone as a `.svg` file.
struct SVGCanvas: Sendable {
  var width: Double
  var height: Double
  private var body: [String] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// The document; `label` is its accessible name.
  func document(label: String) -> String {
    let head =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
      + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" role=\"img\" aria-label=\"\(Self.escape(label))\" "
      + "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"12\">"
    return ([head, "<title>\(Self.escape(label))</title>"] + body + ["</svg>"]).joined(separator: "\n") + "\n"
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String = "none",
    strokeWidth: Double = 1, radius: Double = 0, dashed: Bool = false, tooltip: String? = nil
  ) {
    var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" "
    attributes += "height=\"\(Self.number(height))\" fill=\"\(fill)\" stroke=\"\(stroke)\""
    if stroke != "none" { attributes += " stroke-width=\"\(Self.number(strokeWidth))\"" }
    if radius > 0 { attributes += " rx=\"\(Self.number(radius))\"" }
    if dashed { attributes += " stroke-dasharray=\"4 3\"" }
    element("rect", attributes, tooltip: tooltip)
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, strokeWidth: Double = 1, dashed: Bool = false
  ) {
    var attributes = "x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
    attributes += "y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(strokeWidth))\""
    if dashed { attributes += " stroke-dasharray=\"4 3\"" }
    element("line", attributes, tooltip: nil)
  }

  /// An open line through `points`.
  mutating func polyline(
    _ points: [(Double, Double)], stroke: String, strokeWidth: Double = 1, dashed: Bool = false, tooltip: String? = nil
  ) {
    var attributes = "points=\"\(Self.points(points))\" fill=\"none\" stroke=\"\(stroke)\" "
    attributes += "stroke-width=\"\(Self.number(strokeWidth))\""
    if dashed { attributes += " stroke-dasharray=\"4 3\"" }
    element("polyline", attributes, tooltip: tooltip)
  }

  /// A closed, filled shape: arrowheads, diamonds.
  mutating func polygon(_ points: [(Double, Double)], fill: String, stroke: String = "none", tooltip: String? = nil) {
    element("polygon", "points=\"\(Self.points(points))\" fill=\"\(fill)\" stroke=\"\(stroke)\"", tooltip: tooltip)
  }

  mutating func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String, tooltip: String? = nil) {
    element(
      "circle",
      "cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\" stroke=\"\(stroke)\"",
      tooltip: tooltip)
  }

  enum Anchor: String {
    case start, middle, end
  }

  mutating func text(
    _ content: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12, fill: String = "#1d2125",
    bold: Bool = false, italic: Bool = false
  ) {
    var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
    if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
    if size != 12 { attributes += " font-size=\"\(Self.number(size))\"" }
    if bold { attributes += " font-weight=\"bold\"" }
    if italic { attributes += " font-style=\"italic\"" }
    body.append("<text \(attributes) fill=\"\(fill)\">\(Self.escape(content))</text>")
  }

  private mutating func element(_ name: String, _ attributes: String, tooltip: String?) {
    if let tooltip {
      body.append("<\(name) \(attributes)><title>\(Self.escape(tooltip))</title></\(name)>")
    } else {
      body.append("<\(name) \(attributes) />")
    }
  }

  /// Text shortened to about `limit` characters, with an ellipsis when cut.
  static func shortened(_ text: String, to limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
  }

  /// Whole numbers without a fraction, others with one decimal: the same text everywhere.
  static func number(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded(.toNearestOrAwayFromZero))
    return tenths % 10 == 0 ? "\(tenths / 10)" : (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
  }

  private static func points(_ points: [(Double, Double)]) -> String {
    points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
  }

  /// Escapes text for XML content and attribute values, on one line, with control
  /// characters shown as text (XML cannot hold most of them).
  static func escape(_ text: String) -> String {
    let oneLine = text.replacing(#/\r\n|[\n\r\t]/#, with: " ")
    return ReportHTMLWriter.escape(ReportSafeText.neutralise(oneLine))
  }
}
