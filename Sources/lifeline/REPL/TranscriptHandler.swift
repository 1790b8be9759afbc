import LifelineCore

extension ReplSession {
  /// `transcript`: where the session is recorded, what the record holds, and its latest hash.
  func showTranscript() -> ReplCommandResult {
    guard let status = recorder.status else {
      output.say(
        "Nothing recorded yet: the transcript is created with the first event worth keeping (load, exec, note, nodes --check)."
      )
      return .succeeded
    }
    output.say("Transcript: \(status.path)")
    let contents = tally(status.counts, failedSteps: status.failedSteps)
    if !contents.isEmpty { output.say("  " + contents) }
    output.say("  \(status.events) events, latest hash \(status.head)")
    output.hint("It is closed with its final hash, and the report written next to it, when the session ends.")
    return .succeeded
  }

  /// `3 step results (1 failed), 2 answers, 1 note`: what the record holds so far.
  private func tally(_ counts: [TranscriptEventType: Int], failedSteps: Int) -> String {
    func count(_ type: TranscriptEventType, _ noun: String) -> String? {
      guard let number = counts[type], number > 0 else { return nil }
      return "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
    var parts: [String] = []
    if let steps = count(.stepEnd, "step result") {
      parts.append(steps + (failedSteps > 0 ? " (\(failedSteps) failed)" : ""))
    }
    parts += [
      count(.answer, "answer"), count(.confirm, "confirmation"), count(.execEnd, "ad-hoc command"),
      count(.note, "note"), count(.flow, "flow move"),
    ].compactMap { $0 }
    return parts.joined(separator: ", ")
  }
}
