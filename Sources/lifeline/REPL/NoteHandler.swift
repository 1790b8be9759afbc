import LifelineCore

extension ReplSession {
  /// `note TEXT`: the operator's words, timestamped in the record.
  func note(_ text: String) throws(UserError) -> ReplCommandResult {
    try record(.note(text))
    output.hint("Noted.")
    return .succeeded
  }
}
