/// `systemctl is-active|is-enabled|is-failed|status|start|stop|restart|reload` for the cluster units;
/// other units are answered as systemd answers for units it does not know.
enum SystemctlCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    let options = CommandLineOptions(arguments, valueless: ["quiet", "q", "no-pager", "l", "full", "now"])
    let quiet = options.flags.contains("quiet") || options.flags.contains("q")
    guard let verb = options.positional.first else { return .failure("Too few arguments.", status: 1) }
    let units = Array(options.positional.dropFirst())
    let node = context.node(in: state)
    func unitState(_ name: String) -> UnitState? {
      ClusterUnit(unitName: name).map { node.unitState($0) }
    }
    switch verb {
    case "is-active", "is-failed":
      guard !units.isEmpty else { return .failure("Too few arguments.", status: 1) }
      let states = units.map { unitState($0)?.rawValue ?? "inactive" }
      let wanted = verb == "is-active" ? "active" : "failed"
      return .output(
        quiet ? "" : states.map { $0 + "\n" }.joined(),
        status: states.contains(wanted) ? 0 : (verb == "is-active" ? 3 : 1))
    case "is-enabled":
      guard !units.isEmpty else { return .failure("Too few arguments.", status: 1) }
      var result = SimulationResult()
      for unit in units {
        if ClusterUnit(unitName: unit) != nil {
          if !quiet { result.stdout += "enabled\n" }
        } else {
          result.stderr += "Failed to get unit file state for \(serviceName(unit)): No such file or directory\n"
          result.status = 1
        }
      }
      return result
    case "status":
      return status(units, state: state, context: context)
    case "start", "stop", "restart", "reload", "try-restart", "reload-or-restart":
      guard !units.isEmpty else { return .failure("Too few arguments.", status: 1) }
      return change(verb, units: units, state: &state, context: context)
    case "daemon-reload":
      return SimulationResult()
    default:
      return .failure("Unknown command verb \(verb).", status: 1)
    }
  }

  static func serviceName(_ unit: String) -> String {
    unit.contains(".") ? unit : unit + ".service"
  }

  private static func change(_ verb: String, units: [String], state: inout ClusterState, context: SimulationContext)
    -> SimulationResult
  {
    let action = verb == "stop" ? "stop" : verb == "start" ? "start" : "restart"
    for unit in units where ClusterUnit(unitName: unit) == nil {
      return .failure("Failed to \(action) \(serviceName(unit)): Unit \(serviceName(unit)) not found.", status: 5)
    }
    guard let index = state.index(of: context.nodeName) else { return SimulationResult() }
    for name in units {
      guard let unit = ClusterUnit(unitName: name) else { continue }
      if unit == .networking, verb != "stop" {
        let linkUp = NetworkConfig.configuresAddress(state.nodes[index].address, files: context.files)
        state.logSystemd(
          context.nodeName, .networking, "Reloading networking.service - Network initialization...", at: context.now)
        state.reloadNetwork(index, linkUp: linkUp, at: context.now)
        state.logSystemd(
          context.nodeName, .networking, "Reloaded networking.service - Network initialization.", at: context.now + 0.5)
        continue
      }
      switch action {
      case "stop": state.stopUnit(index, unit, at: context.now)
      default:
        if action == "start", state.nodes[index].unitState(unit) == .active { continue }
        if unit == .corosync, state.nodes[index].faults.contains(.corosync) {
          state.nodes[index].faults.removeAll { $0 == .corosync }
        }
        let module = WatchdogConfig.module(in: context.files.read(WatchdogConfig.path) ?? "")
        state.startUnit(index, unit, at: context.now, restart: action == "restart", watchdogModule: module)
      }
    }
    return SimulationResult()
  }

  private static func status(_ units: [String], state: ClusterState, context: SimulationContext) -> SimulationResult {
    guard !units.isEmpty else {
      let node = context.node(in: state)
      let failed = ClusterUnit.allCases.filter { node.unitState($0) == .failed }.count
      return .output(
        """
        ● \(node.name)
            State: \(failed > 0 ? "degraded" : "running")
            Units: 412 loaded (incl. loaded aliases)
             Jobs: 0 queued
           Failed: \(failed) units
            Since: \(LocalTime.systemd(node.bootedAt)); \(LocalTime.age(context.now - node.bootedAt)) ago
          systemd: 252.33-1~deb12u1
           CGroup: /

        """)
    }
    var result = SimulationResult()
    var blocks: [String] = []
    var worst: Int32 = 0
    let node = context.node(in: state)
    for name in units {
      guard let unit = ClusterUnit(unitName: name) else {
        result.stderr += "Unit \(serviceName(name)) could not be found.\n"
        worst = max(worst, 4)
        continue
      }
      let unitState = node.unitState(unit)
      if unitState != .active { worst = max(worst, 3) }
      blocks.append(block(unit, node: node, state: state, now: context.now, layout: context.layout))
    }
    result.stdout = blocks.joined(separator: "\n")
    result.status = worst
    return result
  }

  private static func block(
    _ unit: ClusterUnit, node: ClusterNode, state: ClusterState, now: Double, layout: LabLayout
  ) -> String {
    let unitState = node.unitState(unit)
    let since = node.unitsSince[unit] ?? node.bootedAt
    let when = "since \(LocalTime.systemd(since)); \(LocalTime.age(now - since)) ago"
    let pid = node.mainPID(of: unit)
    let bullet = unitState == .active ? "●" : unitState == .failed ? "×" : "○"
    var lines = [
      "\(bullet) \(unit.serviceName) - \(unit.summary)",
      "     Loaded: loaded (\(unit.unitFile); enabled; preset: enabled)",
    ]
    switch unitState {
    case .active:
      lines.append("     Active: active (\(unit == .networking ? "exited" : "running")) \(when)")
      if unit == .corosync {
        lines += ["       Docs: man:corosync", "             man:corosync.conf", "             man:corosync_overview"]
      }
      if unit != .networking {
        lines += [
          "   Main PID: \(pid) (\(unit.commandLine.split(separator: "/").last?.split(separator: " ").first ?? ""))",
          "      Tasks: \(unit == .corosync ? 9 : 1) (limit: 38293)",
          "     Memory: \(unit == .corosync ? "134.5M" : "38.2M")",
          "        CPU: \(Int(now - since) / 97)s", "     CGroup: /system.slice/\(unit.serviceName)",
          "             └─\(pid) \(unit.commandLine)",
        ]
      }
    case .failed:
      lines += [
        "     Active: failed (Result: exit-code) \(when)",
        "    Process: \(pid) ExecStart=\(unit.commandLine) $COROSYNC_OPTIONS (code=exited, status=8)",
        "   Main PID: \(pid) (code=exited, status=8)", "        CPU: 113ms",
      ]
    case .inactive:
      lines.append("     Active: inactive (dead) \(when)")
    }
    let journal = JournalctlCommand.entries(state: state, node: node.name, now: now, layout: layout)
      .filter { $0.unit == unit.serviceName }.suffix(10)
    if !journal.isEmpty {
      lines.append("")
      lines += journal.map(JournalctlCommand.line)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
