/// `logger [-t TAG] [-p PRIORITY] [--] MESSAGE…`: a line in the node's simulated journal,
/// which `journalctl -t TAG` shows, as util-linux's logger(1) sends it to journald. Without
/// `-t` the tag is the user name, and the priority is `user.notice`.
enum LoggerCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    var tag = "root"
    var priority = 5
    var words: [String] = []
    var index = 0
    while index < arguments.count {
      let word = arguments[index]
      switch word {
      case "--":
        words += arguments[(index + 1)...]
        index = arguments.count
      case "-t", "--tag", "-p", "--priority":
        guard index + 1 < arguments.count else { return .failure("logger: \(word) needs a value", status: 1) }
        let value = arguments[index + 1]
        if word == "-t" || word == "--tag" {
          tag = value
        } else {
          let level = value.split(separator: ".").last.map(String.init) ?? ""
          priority = Int(level) ?? JournalctlCommand.priorities.firstIndex(of: level) ?? priority
        }
        index += 2
      default:
        guard !word.hasPrefix("-") || word == "-" else {
          return .failure("logger: the lab does not simulate \(word)", status: 1)
        }
        words.append(word)
        index += 1
      }
    }
    guard !words.isEmpty else {
      return .failure("logger: no message (the lab does not read standard input)", status: 1)
    }
    state.log(context.nodeName, nil, words.joined(separator: " "), at: context.now, priority: priority, identifier: tag)
    return SimulationResult()
  }
}
