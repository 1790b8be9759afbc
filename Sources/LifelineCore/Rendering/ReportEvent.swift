/// One line of a transcript as the report reads it.
struct ReportEvent: Sendable {
  /// The `seq` the line claims (its line number minus one in a record that verifies).
  var sequence: Int
  /// The recorded RFC 3339 UTC time.
  var timestamp: String
  var type: String
  var value: JSONValue

  init?(line: Substring, lineIndex: Int) {
    guard let value = JSONValue.parse(line), let type = value["type"]?.stringValue else { return nil }
    self.value = value
    self.type = type
    self.sequence = value["seq"]?.intValue.flatMap { Int(exactly: $0) } ?? lineIndex
    self.timestamp = value["ts"]?.stringValue ?? ""
  }

  subscript(key: String) -> JSONValue? { value[key] }

  func string(_ key: String) -> String? { value[key]?.stringValue }

  var epochMilliseconds: Int64? { Timestamp.epochMilliseconds(rfc3339: timestamp) }
}
