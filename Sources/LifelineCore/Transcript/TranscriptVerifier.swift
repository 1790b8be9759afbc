/// Checks a transcript's hash chain line by line.
public enum TranscriptVerifier {
  public enum Result: Sendable, Hashable {
    /// Every complete line is intact. `truncatedTail` is set when the file ends in a partial
    /// line, as a session killed while writing leaves it; that line is not part of the record.
    case intact(events: Int, finalHash: String, truncatedTail: Bool)
    /// The first line (1-based) where the chain breaks, and why.
    case broken(line: Int, reason: String)
  }

  public static func verify(_ contents: String) -> Result {
    // Split as bytes: a transcript's lines can be megabytes, and splitting by Character is
    // an order of magnitude slower.
    var lines = contents.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
    var truncated = false
    if let last = lines.last {
      if last.isEmpty {
        lines.removeLast()
      } else {
        truncated = true
        lines.removeLast()
      }
    }
    if lines.isEmpty {
      return .broken(line: 1, reason: truncated ? "the file holds only a partial line" : "the file is empty")
    }
    var previous = TranscriptChain.genesis
    for (offset, line) in lines.enumerated() {
      let number = offset + 1
      guard let (body, claimed) = TranscriptChain.unseal(line), let value = JSONValue.parse(body) else {
        return .broken(line: number, reason: "line \(number) is not a sealed transcript event (altered or inserted)")
      }
      guard SHA256.hex(body) == claimed else {
        return .broken(line: number, reason: "line \(number) was altered: its content does not match its hash")
      }
      guard value["prev"]?.stringValue == previous else {
        return .broken(
          line: number,
          reason: number == 1
            ? "line 1 does not start a chain: the beginning of the record was removed"
            : "line \(number) does not follow line \(number - 1): a line was removed, inserted or moved before it")
      }
      guard value["seq"]?.intValue == Int64(offset) else {
        return .broken(
          line: number,
          reason:
            "line \(number) has seq \(value["seq"]?.intValue.map(String.init) ?? "none") where \(offset) was expected: lines were removed or reordered"
        )
      }
      if number == 1, value["type"]?.stringValue != "session.start" {
        return .broken(line: 1, reason: "line 1 is not a session.start event")
      }
      previous = claimed
    }
    return .intact(events: lines.count, finalHash: previous, truncatedTail: truncated)
  }

  /// Whether the record's last session (from its last `session.start` or `session.resume`)
  /// reached its `session.end`. One that did not was cut off (killed, crashed, power lost, or
  /// its file was cut at a line's end) or is still running: an intact chain says nothing of the
  /// lines that never came.
  public static func lastSessionEnded(_ contents: String) -> Bool {
    // From the end, and JSON is parsed only for lines that can be session events.
    let lines = contents.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
    for line in lines.reversed() {
      let text = Substring(line)
      guard text.contains("\"type\":\"session."), let (body, _) = TranscriptChain.unseal(text),
        let type = JSONValue.parse(body)?["type"]?.stringValue
      else { continue }
      switch type {
      case TranscriptEventType.sessionEnd.rawValue: return true
      case TranscriptEventType.sessionStart.rawValue, TranscriptEventType.sessionResume.rawValue: return false
      default: continue
      }
    }
    return false
  }
}
