/// How the report writes times, durations, sizes and counts: the same way every time,
/// without locale or time-zone state, so a report renders identically anywhere.
enum ReportFormat {
  /// `2026-11-06 17:40:12 UTC` from a recorded `2026-11-06T17:40:12.345Z`.
  static func dateTime(_ timestamp: String) -> String {
    guard timestamp.count >= 19 else { return timestamp }
    return "\(timestamp.prefix(10)) \(timestamp.dropFirst(11).prefix(8)) UTC"
  }

  /// `17:40:12.345`, with the date in front when it is not `day` (a session past midnight).
  static func time(_ timestamp: String, day: String) -> String {
    guard timestamp.count >= 23 else { return timestamp }
    let clock = String(timestamp.dropFirst(11).prefix(12))
    return timestamp.hasPrefix(day) ? clock : "\(timestamp.prefix(10)) \(clock)"
  }

  /// The `yyyy-mm-dd` of a recorded timestamp.
  static func day(_ timestamp: String) -> String { String(timestamp.prefix(10)) }

  /// `0.42s`, `12.3s`, `4m05s`, `1h02m05s`.
  static func duration(milliseconds: Int64) -> String {
    guard milliseconds >= 3_600_000 else { return DurationText.elapsed(.milliseconds(milliseconds)) }
    let seconds = milliseconds / 1000
    return "\(seconds / 3600)h\(twoDigits(seconds / 60 % 60))m\(twoDigits(seconds % 60))s"
  }

  /// `812 B`, `48.1 KiB`, `3.2 MiB`.
  static func size(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) B" }
    var value = Double(bytes) / 1024
    for unit in ["KiB", "MiB", "GiB"] {
      if value < 1024 || unit == "GiB" { return "\(oneDecimal(value)) \(unit)" }
      value /= 1024
    }
    return "\(bytes) B"
  }

  /// `12,345`.
  static func count(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var grouped = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
      grouped.append(digit)
    }
    return (value < 0 ? "-" : "") + grouped
  }

  /// `3 lines`, `1 line`.
  static func counted(_ value: Int, _ noun: String) -> String {
    "\(count(value)) \(noun)\(value == 1 ? "" : "s")"
  }

  /// `7.5`, `10.0`: one decimal, rounded half up.
  static func oneDecimal(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded(.toNearestOrAwayFromZero))
    return "\(tenths / 10).\(abs(tenths % 10))"
  }

  private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
