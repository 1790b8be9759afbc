/// One line of `journalctl` output: when, on which host, from which program, and the message.
///
/// Reads the formats the evidence steps ask for and journalctl's default: `short-iso-precise`
/// (`2026-12-03T08:48:54.123456+00:00 proxmox2 corosync[1234]: …`), `short-iso`
/// (`2026-12-03T08:48:54+0000 …`) and `short` (`Dec 03 08:48:54 proxmox2 corosync[1234]: …`).
/// `short` has neither year nor zone: the year is the session's (the one before when the month
/// lies after the session's), and the time is read as UTC, which is what `journalctl --utc`
/// prints.
struct JournalLine: Sendable, Hashable {
  var epochMilliseconds: Int64
  var host: String
  /// The program (`corosync`, `pve-ha-crm`), without its PID.
  var program: String
  var message: String

  init?(_ line: Substring, referenceEpochMilliseconds reference: Int64) {
    var fields = FieldScanner(line)
    guard let first = fields.next() else { return nil }
    if first.first?.isNumber == true {
      guard let time = Self.isoTime(first) else { return nil }
      epochMilliseconds = time
    } else {
      guard let day = fields.next(), let clock = fields.next(),
        let time = Self.shortTime(month: first, day: day, clock: clock, reference: reference)
      else { return nil }
      epochMilliseconds = time
    }
    guard let host = fields.next(), let source = fields.next(), source.hasSuffix(":") else { return nil }
    self.host = String(host)
    let name = source.dropLast()
    program = String(name.firstIndex(of: "[").map { name[..<$0] } ?? name)
    guard !program.isEmpty else { return nil }
    message = String(fields.rest.drop { $0 == " " })
  }

  private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// `2026-12-03T08:48:54.123456+00:00`, `…+0000`, `…Z`.
  private static func isoTime(_ text: Substring) -> Int64? {
    guard text.count >= 20 else { return nil }
    let clockEnd = text.index(text.startIndex, offsetBy: 19)
    var rest = text[clockEnd...]
    var milliseconds = 0
    if rest.first == "." {
      let digits = rest.dropFirst().prefix { $0.isNumber }
      guard !digits.isEmpty else { return nil }
      milliseconds = Int((digits + "00").prefix(3)) ?? 0
      rest = rest.dropFirst(1 + digits.count)
    }
    var offsetMinutes = 0
    if rest != "Z" {
      guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
      let digits = rest.dropFirst().filter { $0 != ":" }
      guard digits.count == 4, let value = Int(digits) else { return nil }
      offsetMinutes = (value / 100 * 60 + value % 100) * (sign == "-" ? -1 : 1)
    }
    let stamp = "\(text[..<clockEnd]).\(pad(milliseconds))Z"
    guard let local = Timestamp.epochMilliseconds(rfc3339: stamp) else { return nil }
    return local - Int64(offsetMinutes) * 60_000
  }

  /// `Dec 03 08:48:54`, in the year of `reference` (or the one before).
  private static func shortTime(month: Substring, day: Substring, clock: Substring, reference: Int64) -> Int64? {
    guard let monthIndex = months.firstIndex(of: String(month)), let dayNumber = Int(day), (1...31).contains(dayNumber),
      clock.count == 8
    else { return nil }
    let referenceStamp = Timestamp.rfc3339(epochMilliseconds: reference)
    guard var year = Int(referenceStamp.prefix(4)), let referenceMonth = Int(referenceStamp.dropFirst(5).prefix(2))
    else { return nil }
    if monthIndex + 1 > referenceMonth { year -= 1 }
    let twoDigits = dayNumber < 10 ? "0\(dayNumber)" : "\(dayNumber)"
    let monthDigits = monthIndex + 1 < 10 ? "0\(monthIndex + 1)" : "\(monthIndex + 1)"
    return Timestamp.epochMilliseconds(rfc3339: "\(year)-\(monthDigits)-\(twoDigits)T\(clock).000Z")
  }

  private static func pad(_ milliseconds: Int) -> String {
    milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
  }
}

/// Splits a line into space-separated fields from the left, keeping the rest as written.
private struct FieldScanner {
  var rest: Substring

  init(_ line: Substring) { rest = line }

  mutating func next() -> Substring? {
    rest = rest.drop { $0 == " " }
    guard !rest.isEmpty else { return nil }
    let end = rest.firstIndex(of: " ") ?? rest.endIndex
    defer { rest = rest[end...] }
    return rest[..<end]
  }
}
