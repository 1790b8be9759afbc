extension TranscriptEvent {
  /// The event that closes a session's part of the record: the message it signs, the
  /// signature (or why there is none), and the nodes whose journals took the message
  /// (`witnesses`: null when witnessing is turned off).
  public static func seal(_ message: SealMessage, signature: SealSignature, witnesses: [WitnessEntry]?)
    -> TranscriptEvent
  {
    var payload: [(String, JSONValue)] = [("message", .string(message.line))]
    switch signature {
    case .signed(let body, let key, let comment):
      payload += [
        ("key", .string(key)), ("key_comment", comment.map(JSONValue.string) ?? .null), ("signature", .string(body)),
      ]
    case .unsigned(let reason):
      payload += [("key", .null), ("key_comment", .null), ("signature", .null), ("unsigned", .string(reason))]
    }
    payload.append(
      (
        "witnesses",
        witnesses.map { entries in
          .array(
            entries.map { entry in
              var fields: [(String, JSONValue)] = [("node", .string(entry.node)), ("logged", .bool(entry.logged))]
              if let detail = entry.detail { fields.append(("detail", .string(detail))) }
              return .object(fields)
            })
        } ?? .null
      ))
    return TranscriptEvent(.seal, payload)
  }
}
