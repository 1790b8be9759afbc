/// Durations as runbooks write them: `500ms`, `30s`, `5m`, `2h`, or a combination such as `1m30s`.
public enum DurationText {
  /// Parses a duration, or returns nil when the text is not one.
  public static func parse(_ text: String) -> Duration? {
    let text = text.trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else { return nil }
    var total: Duration = .zero
    var index = text.startIndex
    while index < text.endIndex {
      let digitsStart = index
      while index < text.endIndex, text[index].isASCII, text[index].isNumber {
        index = text.index(after: index)
      }
      guard digitsStart < index, let value = Int64(text[digitsStart..<index]), value < 10_000_000
      else { return nil }
      let unitStart = index
      while index < text.endIndex, text[index].isASCII, text[index].isLetter {
        index = text.index(after: index)
      }
      switch text[unitStart..<index] {
      case "ms": total += .milliseconds(value)
      case "s": total += .seconds(value)
      case "m": total += .seconds(value * 60)
      case "h": total += .seconds(value * 3600)
      default: return nil
      }
    }
    return total
  }

  /// The shortest text that `parse` reads back as the same duration: `1m30s`, `250ms`.
  public static func format(_ duration: Duration) -> String {
    var milliseconds = duration.milliseconds
    if milliseconds == 0 { return "0s" }
    var parts: [String] = []
    for (unit, size) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000), ("ms", 1)] {
      let count = milliseconds / size
      if count > 0 {
        parts.append("\(count)\(unit)")
        milliseconds -= count * size
      }
    }
    return parts.joined()
  }

  /// A human reading of an elapsed time: `0.42s`, `12.3s`, `4m05s`.
  public static func elapsed(_ duration: Duration) -> String {
    let milliseconds = duration.milliseconds
    if milliseconds < 10_000 {
      return String(format: "%.2fs", Double(milliseconds) / 1000)
    }
    if milliseconds < 60_000 {
      return String(format: "%.1fs", Double(milliseconds) / 1000)
    }
    let seconds = milliseconds / 1000
    return String(format: "%dm%02ds", seconds / 60, seconds % 60)
  }
}

extension Duration {
  /// The duration in whole milliseconds, rounded down.
  public var milliseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}
