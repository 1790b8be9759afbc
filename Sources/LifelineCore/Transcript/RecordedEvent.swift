/// One line of a transcript read back: the chain's `seq` and `ts`, the event's type and its
/// fields. The one decoder of recorded lines, used by resuming, the console and reports.
public struct RecordedEvent: Sendable {
  /// The `seq` the line claims (its line number minus one in a record that verifies).
  public var sequence: Int?
  /// The recorded RFC 3339 UTC time.
  public var timestamp: String
  /// Nil for a type this version of Lifeline does not know (a newer tool wrote it).
  public var type: TranscriptEventType?
  /// The `type` field as written, known or not.
  public var typeName: String
  /// The whole line, chain fields included.
  public var fields: JSONValue

  /// Reads one line; nil when it is not a JSON object with a `type`.
  public init?(line: Substring) {
    guard let fields = JSONValue.parse(line), let typeName = fields["type"]?.stringValue else { return nil }
    self.fields = fields
    self.typeName = typeName
    type = TranscriptEventType(rawValue: typeName)
    sequence = fields["seq"]?.intValue.flatMap { Int(exactly: $0) }
    timestamp = fields["ts"]?.stringValue ?? ""
  }

  public subscript(key: String) -> JSONValue? { fields[key] }

  public func string(_ key: String) -> String? { fields[key]?.stringValue }

  /// The event as it was recorded, for code that follows a session event by event; nil for
  /// a type this version does not know.
  public var event: TranscriptEvent? {
    type.map { TranscriptEvent($0, fields.objectValue ?? []) }
  }

  /// Where the step of a `step.end` went next; nil for other events.
  public var next: StepDecision.Next? {
    guard type == .stepEnd else { return nil }
    return StepDecision.Next(recorded: string("next") ?? StepDecision.Next.end.description)
  }
}

/// Reads a whole transcript with ``RecordedEvent``.
public enum TranscriptDecoder {
  /// Every line that is an event, in order; lines that are not (a partial last line a crash
  /// left) are passed over. The caller verifies the chain first where that matters.
  public static func events(in contents: String) -> [RecordedEvent] {
    contents.split(separator: "\n").compactMap { RecordedEvent(line: $0) }
  }
}
