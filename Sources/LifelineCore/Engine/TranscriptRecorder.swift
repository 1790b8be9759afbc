/// Where a session's events go. The file adapter appends, flushes and seals them; tests
/// keep them in memory.
public protocol TranscriptRecorder: Sendable {
  /// Records an event durably before returning. Throws when it cannot (a full disk):
  /// the caller must then not start what the event announces.
  func record(_ event: TranscriptEvent) throws(RecordingError)
}

public struct RecordingError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
