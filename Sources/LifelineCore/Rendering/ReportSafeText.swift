/// Makes text taken from a transcript safe to put in a report.
///
/// Escape sequences and other control characters become visible text (`ESC` is shown as
/// `^[`, as terminals echo it), so output that moved the cursor or recoloured the screen
/// reads as what it was and cannot restyle the page or a terminal that prints the report.
/// Unicode direction overrides are shown as `\u{202e}` so they cannot reorder what a
/// reader sees. Credential-looking text the recorder's patterns match is masked again, in
/// case the record predates a pattern; values already masked stay masked.
enum ReportSafeText {
  private static let credentials = Redactor(secrets: [])

  static func display(_ text: String) -> String {
    neutralise(credentials.redact(text))
  }

  /// Shows control characters as text; keeps newlines and tabs, and turns a carriage
  /// return that does not end a line (progress bars) into a line break.
  static func neutralise(_ text: String) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    var scalars = text.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let scalar = pending {
      pending = scalars.next()
      switch scalar.value {
      case 0x0A, 0x09: result.unicodeScalars.append(scalar)
      case 0x0D where pending?.value == 0x0A: continue
      case 0x0D: result += "\n"
      case 0x1B: result += "^["
      case 0x00..<0x20: result += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
      case 0x7F: result += "^?"
      case 0x80..<0xA0, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        result += "\\u{\(String(scalar.value, radix: 16))}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
