/// A drawing of the report (the timeline, a flowchart): SVG the project writes itself, so
/// the report needs no renderer, no script and nothing fetched to show it.
public struct ReportPicture: Sendable, Hashable {
  /// The SVG file's name next to the Markdown report: `STEM.timeline.svg`.
  public var fileName: String
  /// What it shows, as its caption and the Markdown image's text.
  public var title: String
  /// A complete `<svg>` element, well-formed XML.
  public var svg: String

  public init(fileName: String, title: String, svg: String) {
    self.fileName = fileName
    self.title = title
    self.svg = svg
  }
}
