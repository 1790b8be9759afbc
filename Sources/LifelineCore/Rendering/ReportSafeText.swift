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

  /// Shows control characters as text (see ``SafeText``); keeps newlines and tabs, and turns
  /// a carriage return that does not end a line (progress bars) into a line break.
  static func neutralise(_ text: String) -> String {
    SafeText.display(text)
  }
}
