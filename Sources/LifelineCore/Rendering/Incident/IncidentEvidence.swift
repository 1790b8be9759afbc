/// What the evidence steps of a session printed, read for the incident: the journal's
/// events, corosync's node ids, the votes during the outage, and the guests on the lost node.
struct IncidentEvidence: Sendable {
  /// A journal line that says something about the incident.
  struct Event: Sendable, Hashable {
    var epochMilliseconds: Int64
    /// The host whose journal it is (the survivor that saw it).
    var host: String
    var signal: IncidentSignal
    var line: String
    /// The transcript event the line is in.
    var sequence: Int
  }

  /// `pvecm status` during the outage.
  struct Votes: Sendable, Hashable {
    var expected: Int
    var total: Int
    var quorum: Int
    var node: String
    var sequence: Int
  }

  /// A guest of the cluster as the guest table lists it.
  struct Guest: Sendable, Hashable {
    var id: String
    var node: String
    var status: String
    /// `-` when the guest is not HA-managed.
    var haState: String
    var name: String
    var sequence: Int

    var isHA: Bool { haState != "-" && !haState.isEmpty }
  }

  /// Journal events in time order, each once: a journal read twice repeats its lines, in
  /// another format perhaps, so a line is the same when host, second, program and message are.
  var events: [Event] = []
  /// Corosync node id → node name, from the nodelist the journal evidence printed.
  var nodeNames: [Int: String] = [:]
  /// The first `pvecm status` read as evidence.
  var votes: Votes?
  var guests: [Guest] = []

  var isEmpty: Bool { events.isEmpty && votes == nil && guests.isEmpty }

  /// - Parameter reference: a time in the session, for the year of journal lines without one.
  init(_ lines: [EvidenceLine], referenceEpochMilliseconds reference: Int64) {
    var seen: Set<String> = []
    var nodelist = NodelistReader()
    var voteReader: [String: (expected: Int?, total: Int?, quorum: Int?, sequence: Int)] = [:]
    for line in lines {
      if line.kinds.contains(.journal) {
        nodelist.read(line.text)
        if let journal = JournalLine(line.text[...], referenceEpochMilliseconds: reference),
          let signal = IncidentSignal(program: journal.program, message: journal.message),
          seen.insert("\(journal.host) \(journal.epochMilliseconds / 1000) \(journal.program) \(journal.message)")
            .inserted
        {
          events.append(
            Event(
              epochMilliseconds: journal.epochMilliseconds, host: journal.host, signal: signal, line: line.text,
              sequence: line.sequence))
        }
      }
      if line.kinds.contains(.quorum), votes == nil, let (label, value) = Self.voteLine(line.text) {
        let key = line.step + "\u{0}" + line.node
        var entry = voteReader[key] ?? (nil, nil, nil, line.sequence)
        switch label {
        case "Expected votes": entry.expected = value
        case "Total votes": entry.total = value
        default: entry.quorum = value
        }
        voteReader[key] = entry
        if let expected = entry.expected, let total = entry.total, let quorum = entry.quorum {
          votes = Votes(expected: expected, total: total, quorum: quorum, node: line.node, sequence: entry.sequence)
        }
      }
      if line.kinds.contains(.guests), let guest = Self.guest(line.text, sequence: line.sequence),
        !guests.contains(where: { $0.id == guest.id })
      {
        guests.append(guest)
      }
    }
    nodeNames = nodelist.names
    // Stable: lines of one second keep the order their journal printed them in.
    events = events.enumerated().sorted {
      ($0.element.epochMilliseconds, $0.offset) < ($1.element.epochMilliseconds, $1.offset)
    }.map(\.element)
  }

  /// `Expected votes:   3`, `Total votes:      2`, `Quorum:           2` (pvecm status; the
  /// quorum line may end in `Activity blocked`).
  private static func voteLine(_ text: String) -> (String, Int)? {
    let parts = text.split(separator: ":", maxSplits: 1)
    guard parts.count == 2 else { return nil }
    let label = String(parts[0].trimmingSpaces)
    guard ["Expected votes", "Total votes", "Quorum"].contains(label),
      let value = Int(parts[1].trimmingSpaces.prefix { $0.isNumber })
    else { return nil }
    return (label, value)
  }

  /// `qemu/100     proxmox      running   started    web   <- on the lost node`.
  private static func guest(_ text: String, sequence: Int) -> Guest? {
    let words = text.split(separator: " ")
    guard words.count >= 4, words[0].hasPrefix("qemu/") || words[0].hasPrefix("lxc/") else { return nil }
    let nameWords = words.dropFirst(4).prefix { $0 != "<-" }
    return Guest(
      id: String(words[0]), node: String(words[1]), status: String(words[2]), haState: String(words[3]),
      name: nameWords.joined(separator: " "), sequence: sequence)
  }
}

/// Reads `name: pve1` / `nodeid: 1` pairs of corosync.conf's `node { … }` blocks (or of
/// `corosync-cmapctl nodelist.node`, `nodelist.node.0.name (str) = pve1`).
private struct NodelistReader {
  var names: [Int: String] = [:]
  private var name: String?
  private var id: Int?

  mutating func read(_ line: String) {
    let text = line.trimmingSpaces
    if text.hasPrefix("}") || text.hasSuffix("{") {
      (name, id) = (nil, nil)
      return
    }
    guard let (key, value) = Self.keyValue(text) else { return }
    switch key {
    case "name": name = value
    case "nodeid": id = Int(value)
    default: return
    }
    if let name, let id {
      names[id] = name
      (self.name, self.id) = (nil, nil)
    }
  }

  private static func keyValue(_ text: Substring) -> (String, String)? {
    if text.hasPrefix("nodelist.node."), let equals = text.firstIndex(of: "=") {
      let key = text[..<equals].split(separator: " ").first?.split(separator: ".").last
      return key.map { (String($0), String(text[text.index(after: equals)...].trimmingSpaces)) }
    }
    let parts = text.split(separator: ":", maxSplits: 1)
    guard parts.count == 2 else { return nil }
    return (String(parts[0].trimmingSpaces), String(parts[1].trimmingSpaces))
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  var trimmingSpaces: SubSequence {
    let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
    let end = lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
    return self[start..<Swift.max(start, end)]
  }
}
