import Foundation

/// True when a text has a line matching the regular expression.
func hasLine(_ text: String, _ pattern: String) -> Bool {
  text.split(separator: "\n", omittingEmptySubsequences: false).contains { line in
    String(line).range(of: pattern, options: .regularExpression) != nil
  }
}

/// Parses JSON output with Foundation, as a runbook tool would.
func json(_ text: String) -> Any? {
  try? JSONSerialization.jsonObject(with: Data(text.utf8))
}
