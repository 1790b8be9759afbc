import Foundation

/// The next run of a simple systemd-style calendar event as jobs.cfg uses them: `21:00`,
/// `sun 01:00`, `mon..fri 02:30`.
enum BackupSchedule {
  static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

  static func nextRun(_ schedule: String, after now: Double) -> Double? {
    let words = schedule.lowercased().split(separator: " ").map(String.init)
    guard let clock = words.last else { return nil }
    let hm = clock.split(separator: ":").compactMap { Double($0) }
    guard hm.count == 2 else { return nil }
    var days = Set(0..<7)
    if words.count == 2 {
      days = []
      for part in words[0].split(separator: ",") {
        let range = part.components(separatedBy: "..")
        let indices = range.compactMap { name in weekdays.firstIndex { name.hasPrefix($0) } }
        if indices.count == 2 { days.formUnion(indices[0] <= indices[1] ? Array(indices[0]...indices[1]) : []) }
        if indices.count == 1 { days.insert(indices[0]) }
      }
    }
    for offset in 0..<8 {
      let day = LocalTime.startOfDay(now + Double(offset) * 86_400 + 3600)
      let weekday = Int(LocalTime.format(day, "%w")) ?? 0
      let candidate = day + hm[0] * 3600 + hm[1] * 60
      if days.contains(weekday), candidate > now { return candidate }
    }
    return nil
  }
}
