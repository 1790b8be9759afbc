/// One line of a node's simulated journal.
struct JournalEntry: Codable, Sendable {
  var time: Double
  var node: String
  /// The systemd unit the line belongs to, for `journalctl -u` (`corosync.service`).
  var unit: String?
  /// The syslog identifier before the PID (`corosync`, `pmxcfs`, `kernel`).
  var identifier: String
  var pid: Int?
  /// Syslog priority, 0 emerg … 7 debug.
  var priority: Int
  var message: String
  /// Marks the first line of a boot, for `journalctl -b`.
  var bootID: String
}
