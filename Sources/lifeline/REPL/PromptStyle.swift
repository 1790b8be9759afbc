import LifelineCore
import LifelineLineEditor

/// The prompt in colour, with each escape sequence marked invisible so that libedit places
/// the cursor right.
enum PromptStyle {
  static func render(_ prompt: ConsolePrompt, style: Style) -> String {
    guard style.enabled else { return prompt.text }
    return prompt.segments.map { segment in
      switch segment.role {
      case .cluster: colour(segment.text, "36")
      case .runbook: colour(segment.text, "1")
      case .step: colour(segment.text, "33")
      case .outcome: colour(segment.text, segment.text == Outcome.succeeded.word ? "32" : "31")
      case .punctuation: segment.text
      }
    }.joined()
  }

  private static func colour(_ text: String, _ code: String) -> String {
    invisible("\u{1B}[\(code)m") + text + invisible("\u{1B}[0m")
  }

  private static func invisible(_ sequence: String) -> String {
    let delimiter = String(LineEditor.invisibleDelimiter)
    return delimiter + sequence + delimiter
  }
}
