import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Local-time formatting as the Proxmox tools print it (C `ctime`, syslog stamps, vzdump names).
enum LocalTime {
  /// `strftime` of an epoch second in the local time zone.
  static func format(_ time: Double, _ pattern: String) -> String {
    var seconds = time_t(time.rounded(.down))
    var parts = tm()
    localtime_r(&seconds, &parts)
    var buffer = [CChar](repeating: 0, count: 128)
    let length = strftime(&buffer, buffer.count, pattern, &parts)
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// C `ctime()` without the newline: `Thu Nov  6 17:25:03 2025`.
  static func ctime(_ time: Double) -> String { format(time, "%a %b %e %H:%M:%S %Y") }

  /// The journal's short stamp: `Nov 06 17:25:03`.
  static func journal(_ time: Double) -> String { format(time, "%b %d %H:%M:%S") }

  /// The stamp inside vzdump file names: `2025_11_05-21_00_03`.
  static func vzdump(_ time: Double) -> String { format(time, "%Y_%m_%d-%H_%M_%S") }

  /// systemd's `Thu 2025-11-06 16:03:12 CST`.
  static func systemd(_ time: Double) -> String { format(time, "%a %Y-%m-%d %H:%M:%S %Z") }

  /// Reads a vzdump stamp back into epoch seconds (local time).
  static func parseVzdump(_ stamp: String) -> Double? {
    let numbers = stamp.split(whereSeparator: { $0 == "_" || $0 == "-" }).compactMap { Int32($0) }
    guard numbers.count == 6 else { return nil }
    var parts = tm()
    parts.tm_year = numbers[0] - 1900
    parts.tm_mon = numbers[1] - 1
    parts.tm_mday = numbers[2]
    parts.tm_hour = numbers[3]
    parts.tm_min = numbers[4]
    parts.tm_sec = numbers[5]
    parts.tm_isdst = -1
    return Double(mktime(&parts))
  }

  /// Midnight (local) of the day `time` falls in.
  static func startOfDay(_ time: Double) -> Double {
    var seconds = time_t(time)
    var parts = tm()
    localtime_r(&seconds, &parts)
    parts.tm_hour = 0
    parts.tm_min = 0
    parts.tm_sec = 0
    parts.tm_isdst = -1
    return Double(mktime(&parts))
  }

  /// `systemctl status` style age: `1h 32min`, `5min`, `12s`, `3 days`.
  static func age(_ seconds: Double) -> String {
    let total = max(0, Int(seconds))
    let days = total / 86_400
    let hours = total % 86_400 / 3600
    let minutes = total % 3600 / 60
    if days > 0 {
      return hours > 0 ? "\(days) day\(days == 1 ? "" : "s") \(hours)h" : "\(days) day\(days == 1 ? "" : "s")"
    }
    if hours > 0 { return "\(hours)h \(minutes)min" }
    if minutes > 0 { return "\(minutes)min \(total % 60)s" }
    return "\(total)s"
  }
}
