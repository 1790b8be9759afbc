/// A runbook a transcript says its session ran: what the report needs to find the file.
public struct RecordedRunbook: Sendable, Hashable {
  public var name: String
  /// The file as the session named it (relative paths are relative to where it ran).
  public var file: String
  public var sha256: String

  public init(name: String, file: String, sha256: String) {
    self.name = name
    self.file = file
    self.sha256 = sha256
  }
}

/// What the caller could find of a recorded runbook, for the report's flowchart.
public enum ReportRunbook: Sendable {
  /// The runbook loaded from a file whose SHA-256 is the one recorded: the same procedure
  /// the session ran.
  case loaded(Runbook, sha256: String)
  /// The recorded file cannot be used, and why, worded to follow "the runbook file FILE":
  /// "is no longer there", "has changed since the session". The report says so in place of
  /// the flowchart.
  case unavailable(file: String, reason: String)
}
