import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The node's real corosync log (corosync's stderr with `timestamp: on`, every start of it after a
/// marker line carrying its PID), read back as journal entries for `journalctl -u corosync`.
enum CorosyncLog {
  /// The line ``CorosyncProcess`` writes before it execs corosync, so each line gets its PID.
  static let startMarker = "lifeline-lab: corosync pid "

  /// Entries up to `now`, each in the boot of the node that was running at its time.
  static func entries(_ node: NodeLayout, name: String, boots: [(id: String, start: Double)], now: Double)
    -> [JournalEntry]
  {
    guard let text = try? String(contentsOfFile: node.corosyncLog, encoding: .utf8) else { return [] }
    let year = Int32(LocalTime.format(now, "%Y")) ?? 1970
    var pid: Int?
    var time = 0.0
    var entries: [JournalEntry] = []
    for line in text.split(separator: "\n") {
      if line.hasPrefix(startMarker) {
        pid = Int(line.dropFirst(startMarker.count))
        continue
      }
      var message = String(line)
      var priority = 6
      if let stamped = stamp(line, year: year) {
        time = stamped.time
        let rest = stamped.rest
        let level = rest.prefix { $0 != " " }
        priority = priorities[String(level)] ?? 6
        message = rest.dropFirst(level.count).drop { $0 == " " }.description
      }
      guard time <= now else { break }
      let boot = boots.last { $0.start <= time }?.id ?? boots.first?.id ?? ""
      entries.append(
        JournalEntry(
          time: time, node: name, unit: ClusterUnit.corosync.serviceName, identifier: "corosync", pid: pid,
          priority: priority, message: message, bootID: boot))
    }
    return entries
  }

  private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  private static let priorities = [
    "emerg": 0, "alert": 1, "crit": 2, "error": 3, "warning": 4, "notice": 5, "info": 6, "debug": 7,
  ]

  /// `Dec 03 08:48:54.123` (`timestamp: hires`) at the start of a line, in local time of `year`;
  /// the rest of the line after it.
  private static func stamp(_ line: Substring, year: Int32) -> (time: Double, rest: Substring)? {
    guard line.count > 16 else { return nil }
    let fields = line.prefix(15).split(separator: " ")
    let clock = fields.count == 3 ? fields[2].split(separator: ":").compactMap { Int32($0) } : []
    guard let month = fields.first.flatMap({ months.firstIndex(of: String($0)) }),
      let day = fields.dropFirst().first.flatMap({ Int32($0) }), clock.count == 3
    else { return nil }
    var parts = tm()
    parts.tm_year = year - 1900
    parts.tm_mon = Int32(month)
    parts.tm_mday = day
    (parts.tm_hour, parts.tm_min, parts.tm_sec) = (clock[0], clock[1], clock[2])
    parts.tm_isdst = -1
    var rest = line.dropFirst(15)
    var fraction = 0.0
    if rest.first == "." {
      let digits = rest.dropFirst().prefix(while: \.isNumber)
      fraction = Double("0." + digits) ?? 0
      rest = rest.dropFirst(1 + digits.count)
    }
    return (Double(mktime(&parts)) + fraction, rest.drop { $0 == " " })
  }
}
