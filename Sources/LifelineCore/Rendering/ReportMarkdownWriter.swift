/// Writes a report as GitHub-flavoured Markdown.
///
/// Record text never becomes Markdown syntax: punctuation that would format is escaped,
/// `|` cannot split a table cell, and code is fenced with more backticks than it contains.
/// Folded output uses `<details>`, which GitHub, GitLab and most viewers render.
enum ReportMarkdownWriter {
  static func write(_ blocks: [ReportBlock]) -> String {
    blocks.map(write).joined(separator: "\n\n") + "\n"
  }

  private static func write(_ block: ReportBlock) -> String {
    switch block {
    case .heading(let level, let text, let anchor):
      let marker = String(repeating: "#", count: level)
      return "\(marker) \(escape(text))" + (anchor.map { " <a id=\"\($0)\"></a>" } ?? "")
    case .paragraph(let inline):
      return inlineText(inline, inTable: false)
    case .notice(let kind, let inline):
      // GitHub and GitLab show `[!WARNING]` as a warning box; elsewhere it stays readable.
      let marker = kind == .warning ? "> [!WARNING]\n" : ""
      return marker + "> " + inlineText(inline, inTable: false).replacingOccurrences(of: "\n", with: "\n> ")
    case .facts(let facts):
      return facts.map { "- **\(escape($0.label)):** " + inlineText($0.value, inTable: false) }.joined(
        separator: "\n")
    case .table(let header, let rows):
      var lines = [
        "| " + header.map { escape($0, inTable: true) }.joined(separator: " | ") + " |",
        "|" + String(repeating: "---|", count: header.count),
      ]
      for row in rows {
        lines.append("| " + row.map { inlineText($0, inTable: true) }.joined(separator: " | ") + " |")
      }
      return lines.joined(separator: "\n")
    case .bulletList(let items):
      return items.map { "- " + inlineText($0, inTable: false) }.joined(separator: "\n")
    case .checklist(let items):
      return items.map { "- [ ] " + inlineText($0, inTable: false) }.joined(separator: "\n")
    case .picture(let picture):
      return "![\(escape(picture.title))](\(linkTarget("./" + picture.fileName)))"
    case .code(let text, let language):
      let fence = self.fence(for: text)
      let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
      return "\(fence)\(language ?? "")\n\(body)\n\(fence)"
    case .folded(let summary, let blocks):
      return "<details>\n<summary>\(ReportHTMLWriter.escape(summary))</summary>\n\n"
        + blocks.map(write).joined(separator: "\n\n") + "\n\n</details>"
    case .placeholder(let text):
      return "_\(escape(text))_"
    case .mermaid(let source):
      return "```mermaid\n\(source)\n```"
    }
  }

  private static func inlineText(_ inline: [ReportInline], inTable: Bool) -> String {
    inline.map { part in
      switch part {
      case .text(let text): escape(text, inTable: inTable)
      case .strong(let text): text.isEmpty ? "" : "**\(escape(text, inTable: inTable))**"
      case .emphasis(let text): text.isEmpty ? "" : "_\(escape(text, inTable: inTable))_"
      case .code(let text): codeSpan(text, inTable: inTable)
      case .link(let text, let target): "[\(escape(text, inTable: inTable))](\(linkTarget(target)))"
      }
    }.joined()
  }

  /// Backslash-escapes what Markdown would read as formatting, and what would start a list
  /// or heading at the beginning of a line; line breaks become `<br>` in tables.
  static func escape(_ text: String, inTable: Bool = false) -> String {
    var result = ""
    var atLineStart = true
    for character in text {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "&", "~", "|":
        result += "\\" + String(character)
      case "\n":
        result += inTable ? "<br>" : "  \n"
      default:
        if atLineStart, "-+#=".contains(character) { result += "\\" }
        result.append(character)
      }
      atLineStart = character == "\n"
    }
    return result
  }

  /// Inline code: delimited by one more backtick than the longest run inside, on one line.
  private static func codeSpan(_ text: String, inTable: Bool) -> String {
    guard !text.isEmpty else { return "" }
    var body = text.replacingOccurrences(of: "\n", with: " ")
    if inTable { body = body.replacingOccurrences(of: "|", with: "\\|") }
    let ticks = String(repeating: "`", count: longestRun(of: "`", in: body) + 1)
    let padding = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
    return ticks + padding + body + padding + ticks
  }

  /// A code fence longer than any run of backticks in the text, at least three.
  private static func fence(for text: String) -> String {
    String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
  }

  private static func longestRun(of mark: Character, in text: String) -> Int {
    var longest = 0
    var current = 0
    for character in text {
      current = character == mark ? current + 1 : 0
      longest = max(longest, current)
    }
    return longest
  }

  /// Spaces and parentheses would end a link target early.
  private static func linkTarget(_ target: String) -> String {
    target.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28")
      .replacingOccurrences(of: ")", with: "%29")
  }
}
