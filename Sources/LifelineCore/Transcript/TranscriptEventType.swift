/// The kinds of event a transcript holds; the raw value is the `type` field of the line.
/// docs/transcripts.md lists each one's fields.
public enum TranscriptEventType: String, Sendable, Hashable, CaseIterable {
  case sessionStart = "session.start"
  case runbookLoad = "runbook.load"
  case sessionResume = "session.resume"
  case stepStart = "step.start"
  case output
  case stepEnd = "step.end"
  case answer
  case confirm
  case note
  case flow
  case execStart = "exec.start"
  case execEnd = "exec.end"
  case connection
  case finding
  case sessionEnd = "session.end"
  /// Signs the record up to here (see `TranscriptEvent.seal`); follows `session.end`.
  case seal
}
