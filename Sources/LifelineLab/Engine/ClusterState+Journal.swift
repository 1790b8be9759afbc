/// Writing simulated journal lines.
extension ClusterState {
  /// Lines kept per lab; older ones are dropped first.
  static let journalLimit = 6000

  /// Appends a line from a unit's daemon (or from `identifier` when given) on a node.
  mutating func log(
    _ nodeName: String, _ unit: ClusterUnit?, _ message: String, at time: Double, priority: Int = 6,
    identifier: String? = nil, pid: Int? = nil
  ) {
    guard let node = node(nodeName) else { return }
    let entry = JournalEntry(
      time: time, node: nodeName, unit: unit?.serviceName, identifier: identifier ?? unit?.identifier ?? "kernel",
      pid: pid ?? unit.map { node.mainPID(of: $0) }, priority: priority, message: message, bootID: node.bootID)
    journal.append(entry)
    if journal.count > Self.journalLimit { journal.removeFirst(journal.count - Self.journalLimit) }
  }

  /// A line from systemd (PID 1) about a unit, which `journalctl -u UNIT` also shows.
  mutating func logSystemd(
    _ nodeName: String, _ unit: ClusterUnit, _ message: String, at time: Double, priority: Int = 6
  ) {
    log(nodeName, unit, message, at: time, priority: priority, identifier: "systemd", pid: 1)
  }

  /// Logs on the CRM master, when there is one.
  mutating func logCRM(_ message: String, at time: Double, priority: Int = 6) {
    guard let master = crmMaster else { return }
    log(master, .haCRM, message, at: time, priority: priority)
  }
}
