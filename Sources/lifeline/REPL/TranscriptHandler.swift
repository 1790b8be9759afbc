import LifelineCore

extension ReplSession {
  /// `transcript`: where the session is recorded, and how far.
  func showTranscript() -> ReplCommandResult {
    guard let status = recorder.status else {
      output.say(
        "Nothing recorded yet: the transcript is created with the first event worth keeping (load, exec, note, nodes --check)."
      )
      return .succeeded
    }
    output.say("Transcript: \(status.path)")
    output.say("  \(status.events) events, latest hash \(status.head)")
    output.hint("It is closed with its final hash, and the report written next to it, when the session ends.")
    return .succeeded
  }
}
