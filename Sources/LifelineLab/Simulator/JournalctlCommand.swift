/// `journalctl [-b [N]] [-u UNIT] [-t IDENTIFIER] [-n N] [-p PRIORITY] [-k] [-x] [--no-pager]` over the node's
/// simulated journal: canned boot logs plus the lines the cluster's events left.
enum JournalctlCommand {
  static let priorities = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]

  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    var units: [String] = []
    var identifiers: [String] = []
    var boot: Int?
    var count: Int?
    var maxPriority = 7
    var minPriority = 0
    var kernelOnly = false
    var index = 0
    func next() -> String? {
      guard index + 1 < arguments.count else { return nil }
      index += 1
      return arguments[index]
    }
    while index < arguments.count {
      let word = arguments[index]
      switch word {
      case "-b", "--boot":
        boot = 0
        if index + 1 < arguments.count, let offset = Int(arguments[index + 1]) {
          boot = offset
          index += 1
        }
      case "-u", "--unit": if let unit = next() { units.append(SystemctlCommand.serviceName(unit)) }
      case "-t", "--identifier": if let identifier = next() { identifiers.append(identifier) }
      case "-n", "--lines":
        if index + 1 < arguments.count, let number = Int(arguments[index + 1]) {
          count = number
          index += 1
        } else {
          count = 10
        }
      case "-p", "--priority":
        guard let text = next() else { break }
        let bounds = text.components(separatedBy: "..").map(priority)
        if bounds.count == 2, let low = bounds[0], let high = bounds[1] {
          (minPriority, maxPriority) = (min(low, high), max(low, high))
        } else if let value = bounds[0] {
          maxPriority = value
        }
      case "-k", "--dmesg":
        kernelOnly = true
        boot = boot ?? 0
      default:
        if word.hasPrefix("-u"), word.count > 2 {
          units.append(SystemctlCommand.serviceName(String(word.dropFirst(2))))
        }
        if word.hasPrefix("--unit=") { units.append(SystemctlCommand.serviceName(String(word.dropFirst(7)))) }
        if word.hasPrefix("-n"), let number = Int(word.dropFirst(2)) { count = number }
        if word.hasPrefix("--lines=") { count = Int(word.dropFirst(8)) }
        if word.hasPrefix("-p"), word.count > 2, let value = priority(String(word.dropFirst(2))) { maxPriority = value }
        if word.hasPrefix("--priority="), let value = priority(String(word.dropFirst(11))) { maxPriority = value }
        if word.hasPrefix("-b"), word.count > 2, !word.hasPrefix("--") { boot = Int(word.dropFirst(2)) ?? 0 }
      }
      index += 1
    }
    let node = context.node(in: state)
    var entries = self.entries(state: state, node: node.name, now: context.now, layout: context.layout)
    let boots = entries.reduce(into: [String]()) { if $0.last != $1.bootID { $0.append($1.bootID) } }
    if let boot {
      let position = boot <= 0 ? boots.count - 1 + boot : boot - 1
      guard boots.indices.contains(position) else {
        return .failure(
          "Data from the specified boot (\(boot)) is not available: No such boot ID in journal", status: 1)
      }
      entries = entries.filter { $0.bootID == boots[position] }
    }
    if !units.isEmpty { entries = entries.filter { $0.unit.map(units.contains) ?? false } }
    if !identifiers.isEmpty { entries = entries.filter { identifiers.contains($0.identifier) } }
    if kernelOnly { entries = entries.filter { $0.identifier == "kernel" } }
    entries = entries.filter { $0.priority <= maxPriority && $0.priority >= minPriority }
    if let count { entries = Array(entries.suffix(max(0, count))) }
    guard !entries.isEmpty else { return .output("-- No entries --\n") }
    var text = ""
    var currentBoot = entries.first?.bootID
    for entry in entries {
      if entry.bootID != currentBoot, boot == nil {
        text += "-- Boot \(entry.bootID) --\n"
        currentBoot = entry.bootID
      }
      text += line(entry) + "\n"
    }
    return .output(text)
  }

  /// Lines of a node up to now, oldest first: the simulated ones, and corosync's own from the
  /// node's real corosync log in place of simulated corosync lines.
  static func entries(state: ClusterState, node: String, now: Double, layout: LabLayout) -> [JournalEntry] {
    let simulated = state.journal.filter { $0.node == node && $0.time <= now && $0.identifier != "corosync" }
      .sorted { $0.time < $1.time }
    var boots: [(id: String, start: Double)] = []
    for entry in simulated where boots.last?.id != entry.bootID { boots.append((entry.bootID, entry.time)) }
    let real = CorosyncLog.entries(layout.node(node), name: node, boots: boots, now: now)
    return (simulated + real).enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
      .map(\.element)
  }

  static func line(_ entry: JournalEntry) -> String {
    let source = entry.pid.map { "\(entry.identifier)[\($0)]" } ?? entry.identifier
    return "\(LocalTime.journal(entry.time)) \(entry.node) \(source): \(entry.message)"
  }

  private static func priority(_ text: String) -> Int? {
    Int(text) ?? priorities.firstIndex(of: text.lowercased())
  }
}
