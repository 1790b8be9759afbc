/// Writes a report as one self-contained HTML file: inline CSS, no scripts, no fonts or
/// images to fetch, so it opens the same from a ticket attachment on an offline laptop.
///
/// All record text is escaped. Void elements are self-closed, which HTML allows and which
/// keeps the file well-formed XML, so tools and tests can check its structure.
enum ReportHTMLWriter {
  static func write(_ blocks: [ReportBlock], title: String) -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>\(escape(title))</title>
      <style>
      \(ReportStyleSheet.css)
      </style>
      </head>
      <body>
      <main>

      """
    for block in blocks { html += write(block) + "\n" }
    html += "</main>\n</body>\n</html>\n"
    return html
  }

  private static func write(_ block: ReportBlock) -> String {
    switch block {
    case .heading(let level, let text, let anchor):
      let id = anchor.map { " id=\"\(escape($0))\"" } ?? ""
      return "<h\(level)\(id)>\(escape(text))</h\(level)>"
    case .paragraph(let inline):
      return "<p>\(inlineHTML(inline))</p>"
    case .notice(let kind, let inline):
      let (style, role) = kind == .verified ? ("verified", "note") : ("warning", "alert")
      return "<div class=\"notice \(style)\" role=\"\(role)\"><p>\(inlineHTML(inline))</p></div>"
    case .facts(let facts):
      let rows = facts.map { "<tr><th scope=\"row\">\(escape($0.label))</th><td>\(inlineHTML($0.value))</td></tr>" }
      return "<table class=\"facts\"><tbody>\n" + rows.joined(separator: "\n") + "\n</tbody></table>"
    case .table(let header, let rows):
      let head = header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined()
      let body = rows.map { row in "<tr>" + row.map { "<td>\(inlineHTML($0))</td>" }.joined() + "</tr>" }
      return "<div class=\"scroll\"><table>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n"
        + body.joined(separator: "\n") + "\n</tbody>\n</table></div>"
    case .bulletList(let items):
      return "<ul>\n" + items.map { "<li>\(inlineHTML($0))</li>" }.joined(separator: "\n") + "\n</ul>"
    case .checklist(let items):
      return "<ul class=\"checklist\">\n"
        + items.map { "<li><input type=\"checkbox\" disabled=\"disabled\" /> \(inlineHTML($0))</li>" }.joined(
          separator: "\n") + "\n</ul>"
    case .picture(let picture):
      return "<figure class=\"picture\">\n\(picture.svg)<figcaption>\(escape(picture.title))</figcaption>\n</figure>"
    case .code(let text, let language):
      let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
      let style = language.map { " class=\"language-\(escape($0))\"" } ?? ""
      return "<pre><code\(style)>\(escape(body))</code></pre>"
    case .folded(let summary, let blocks):
      return "<details>\n<summary>\(escape(summary))</summary>\n" + blocks.map(write).joined(separator: "\n")
        + "\n</details>"
    case .placeholder(let text):
      return "<p class=\"placeholder\"><em>\(escape(text))</em></p>"
    case .mermaid(let source):
      return """
        <pre class="mermaid">\(escape(source))</pre>
        <p class="note">This is the flowchart&#39;s Mermaid source: the report loads no scripts, so it reads the same offline. To see it drawn, paste it into a Mermaid editor or open the Markdown report in a viewer that renders Mermaid.</p>
        """
    }
  }

  private static func inlineHTML(_ inline: [ReportInline]) -> String {
    inline.map { part in
      switch part {
      case .text(let text): escape(text).replacingOccurrences(of: "\n", with: "<br />")
      case .strong(let text): "<strong>\(escape(text))</strong>"
      case .emphasis(let text): "<em>\(escape(text))</em>"
      case .code(let text): "<code>\(escape(text))</code>"
      case .link(let text, let target): "<a href=\"\(escape(target))\">\(escape(text))</a>"
      }
    }.joined()
  }

  /// Escapes text for HTML content and attribute values.
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }
}
