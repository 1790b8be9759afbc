/// RFC 3339 UTC timestamps with milliseconds (`2026-11-06T17:40:12.345Z`), computed without
/// locale or time-zone state.
public enum Timestamp {
  /// Formats seconds since the Unix epoch.
  public static func rfc3339(epochMilliseconds: Int64) -> String {
    let (days, millisecondsOfDay) = epochMilliseconds.floorDivided(by: 86_400_000)
    let (year, month, day) = civilDate(fromDays: days)
    let seconds = millisecondsOfDay / 1000
    return
      "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(millisecondsOfDay % 1000, 3))Z"
  }

  /// The same instant for file names, where `:` is awkward: `2026-11-06T17-40-12Z`.
  public static func fileStamp(epochMilliseconds: Int64) -> String {
    let text = rfc3339(epochMilliseconds: epochMilliseconds)
    return String(text.prefix(19)).replacingOccurrences(of: ":", with: "-") + "Z"
  }

  /// Reads back what `rfc3339` writes; nil for anything else.
  public static func epochMilliseconds(rfc3339 text: String) -> Int64? {
    let parts = text.split(whereSeparator: { "-T:.Z".contains($0) }).compactMap { Int64($0) }
    guard parts.count == 7, text.hasSuffix("Z") else { return nil }
    // Bounds first, so the arithmetic below cannot overflow on a year such as 10^17.
    guard (0...999_999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]),
      parts[3] < 24, parts[4] < 60, parts[5] < 60, parts[6] < 1000
    else { return nil }
    let days = daysFromCivil(year: parts[0], month: parts[1], day: parts[2])
    let milliseconds = ((days * 24 + parts[3]) * 60 + parts[4]) * 60_000 + parts[5] * 1000 + parts[6]
    // Only what `rfc3339` writes reads back: `.5Z` is not 5 ms, nor is February 30 March 2.
    return rfc3339(epochMilliseconds: milliseconds) == text ? milliseconds : nil
  }

  // Howard Hinnant's algorithms for the proleptic Gregorian calendar.
  private static func civilDate(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
  }
}

extension Int64 {
  fileprivate func floorDivided(by divisor: Int64) -> (Int64, Int64) {
    let quotient = self >= 0 ? self / divisor : (self - divisor + 1) / divisor
    return (quotient, self - quotient * divisor)
  }
}
