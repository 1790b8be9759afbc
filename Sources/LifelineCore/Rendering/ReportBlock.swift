/// A report as a small document tree, so the layout is decided once and written out as
/// Markdown or as HTML by ``ReportMarkdownWriter`` and ``ReportHTMLWriter``.
///
/// Every string in it is plain text as it should read: the writers escape it for their format.
indirect enum ReportBlock: Sendable, Hashable {
  /// A heading; `anchor` is the id links within the report point at.
  case heading(level: Int, text: String, anchor: String?)
  case paragraph([ReportInline])
  /// A boxed statement that must not be missed: whether the record verified.
  case notice(ReportNotice, [ReportInline])
  /// Labelled facts, one per line: the summary.
  case facts([ReportFact])
  case table(header: [String], rows: [[[ReportInline]]])
  case bulletList([[ReportInline]])
  /// Things to do, each with a box to tick.
  case checklist([[ReportInline]])
  /// A drawing: inline SVG in HTML, a linked SVG file next to the Markdown.
  case picture(ReportPicture)
  /// Preformatted text, shown exactly as given.
  case code(String, language: String?)
  /// Content hidden behind a one-line summary until the reader opens it.
  case folded(summary: String, [ReportBlock])
  /// A section the incident owner writes; the report never invents this prose.
  case placeholder(String)
  /// Mermaid flowchart source.
  case mermaid(String)
}

enum ReportNotice: Sendable, Hashable {
  case verified
  case warning
}

struct ReportFact: Sendable, Hashable {
  var label: String
  var value: [ReportInline]

  init(_ label: String, _ value: [ReportInline]) {
    self.label = label
    self.value = value
  }
}

/// Text within a paragraph, a fact or a table cell.
enum ReportInline: Sendable, Hashable {
  case text(String)
  case code(String)
  case strong(String)
  case emphasis(String)
  /// A link: `#anchor` within the report, or the transcript file with its `#seq=N`.
  case link(String, to: String)
}
