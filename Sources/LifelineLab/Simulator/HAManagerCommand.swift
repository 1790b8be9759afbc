/// `ha-manager status [--verbose]|config|add|remove|set|migrate|relocate|crm-command …`.
enum HAManagerCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    let options = CommandLineOptions(arguments, valueless: ["verbose", "purge"])
    let words = options.positional
    switch words.first ?? "" {
    case "status":
      let view = HAStatusView(state: state, viewer: context.nodeName, now: context.now)
      guard options.isSet("verbose") else { return .output(view.lines) }
      return .output(view.lines + "full cluster state:\n" + fullClusterState(state, context: context).pretty() + "\n")
    case "config":
      return .output(
        state.haResources.sorted { $0.sid < $1.sid }.map { resource in
          ([resource.sid] + HAConfigFiles.configuredProperties(resource).map { "\t\($0.key) \($0.value)" })
            .joined(separator: "\n") + "\n\n"
        }.joined())
    case "add":
      // API2/HA/Resources.pm `create` checks quorum before anything else, and at once.
      guard context.isQuorate(in: state) else { return .failure("cluster not ready - no quorum?") }
      return change(words, options: options, state: &state, context: context)
    case "remove", "set", "migrate", "relocate", "crm-command":
      return change(words, options: options, state: &state, context: context)
    default:
      return .failure(
        """
        ERROR: unknown command 'ha-manager \(arguments.joined(separator: " "))'
        USAGE: ha-manager <COMMAND> [ARGS] [OPTIONS]
               ha-manager add <sid> [OPTIONS]
               ha-manager config [OPTIONS]
               ha-manager crm-command node-maintenance enable|disable <node>
               ha-manager migrate <sid> <node>
               ha-manager relocate <sid> <node>
               ha-manager remove <sid>
               ha-manager set <sid> [OPTIONS]
               ha-manager status [OPTIONS]
        """)
    }
  }

  static func fullClusterState(_ state: ClusterState, context: SimulationContext) -> PerlJSON {
    var lrm: [String: PerlJSON] = [:]
    for node in state.nodelist { lrm[node.name] = HAConfigFiles.lrmStatus(state, node: node, at: context.now) }
    return .object([
      "lrm_status": .object(lrm), "manager_status": HAConfigFiles.managerStatus(state, at: context.now),
      "quorum": .object(["node": .string(context.nodeName), "quorate": .bool(context.isQuorate(in: state))]),
    ])
  }

  private static func change(
    _ words: [String], options: CommandLineOptions, state: inout ClusterState, context: SimulationContext
  ) -> SimulationResult {
    let round = context.now + state.scaled(ClusterState.Delay.round)
    // The lab plays pve-ha-manager 4.0.5 (`pveversion -v`), whose resource schema has no
    // `failback` (it came with the 5.x rules); PVE::JSONSchema `get_options` rejects it.
    if ["add", "set"].contains(words[0]), options.options["failback"] != nil {
      return .failure("Unknown option: failback\n400 unable to parse option\nha-manager \(words[0]) <sid> [OPTIONS]")
    }
    switch words[0] {
    case "add":
      guard words.count == 2 else { return .failure("400 not enough arguments\nha-manager add <sid> [OPTIONS]") }
      return add(words[1], options: options, state: &state, context: context)
    case "remove":
      guard words.count == 2 else { return .failure("400 not enough arguments\nha-manager remove <sid>") }
      if let waiting = haDomainLock(state, context, failure: "delete resource failed") { return waiting }
      let sid = normalizedSID(words[1], state: state)
      guard let index = state.haResources.firstIndex(where: { $0.sid == sid }) else {
        return .failure("cannot delete service '\(sid)', not HA managed!")
      }
      state.haResources.remove(at: index)
      state.logCRM("removing stale service '\(sid)' (no config)", at: round)
      return SimulationResult()
    case "set":
      guard words.count == 2 else { return .failure("400 not enough arguments\nha-manager set <sid> [OPTIONS]") }
      if let waiting = haDomainLock(state, context, failure: "update resources config failed") { return waiting }
      return set(words[1], options: options, state: &state, at: round)
    case "migrate", "relocate":
      guard words.count == 3 else { return .failure("400 not enough arguments\nha-manager \(words[0]) <sid> <node>") }
      if let waiting = haDomainLock(state, context) { return waiting }
      return move(words[1], to: words[2], relocate: words[0] == "relocate", state: &state, at: round)
    default:
      return crmCommand(Array(words.dropFirst()), state: &state, context: context, at: round)
    }
  }

  /// `PVE::HA::Config::lock_ha_domain`: every change of the HA configuration or command queue is
  /// written under the cluster-wide `domain-ha` lock, which a node without quorum cannot take.
  private static func haDomainLock(_ state: ClusterState, _ context: SimulationContext, failure prefix: String? = nil)
    -> SimulationResult?
  {
    context.isQuorate(in: state) ? nil : .awaiting(CfsLock(id: "domain-ha", errorPrefix: prefix))
  }

  private static func crmCommand(
    _ words: [String], state: inout ClusterState, context: SimulationContext, at round: Double
  ) -> SimulationResult {
    switch words.first ?? "" {
    case "node-maintenance":
      guard words.count == 3, ["enable", "disable"].contains(words[1]) else {
        return .failure("400 not enough arguments\nha-manager crm-command node-maintenance <enable|disable> <node>")
      }
      guard state.node(words[2])?.inNodelist == true else {
        return .failure("400 Parameter verification failed.\nnode: no such cluster node '\(words[2])'")
      }
      if let waiting = haDomainLock(state, context) { return waiting }
      state.scheduled.append(
        ScheduledTransition(at: round, action: .readMaintenanceCommand(node: words[2], enable: words[1] == "enable")))
      return SimulationResult()
    case "migrate", "relocate":
      guard words.count == 3 else {
        return .failure("400 not enough arguments\nha-manager crm-command \(words[0]) <sid> <node>")
      }
      if let waiting = haDomainLock(state, context) { return waiting }
      return move(words[1], to: words[2], relocate: words[0] == "relocate", state: &state, at: round)
    case "stop":
      guard words.count >= 2 else {
        return .failure("400 not enough arguments\nha-manager crm-command stop <sid> <timeout>")
      }
      if let waiting = haDomainLock(state, context) { return waiting }
      return set(words[1], options: CommandLineOptions(["--state", "stopped"]), state: &state, at: round)
    default:
      return .failure("ERROR: unknown command 'ha-manager crm-command \(words.joined(separator: " "))'")
    }
  }

  /// `100` is typed by the guest it names; `ct:100` and `vm:100` are taken as they are.
  private static func normalizedSID(_ text: String, state: ClusterState) -> String {
    if let vmid = Int(text) { return state.guest(vmid: vmid)?.haSID ?? "vm:\(vmid)" }
    return text
  }

  private static func add(
    _ text: String, options: CommandLineOptions, state: inout ClusterState, context: SimulationContext
  )
    -> SimulationResult
  {
    let sid = normalizedSID(text, state: state)
    guard state.resource(sid) == nil else { return .failure("resource ID '\(sid)' already defined") }
    guard let vmid = Int(sid.split(separator: ":").last ?? ""), let guest = state.guest(vmid: vmid), guest.haSID == sid
    else {
      return .failure("resource '\(sid)' does not exist in cluster")
    }
    let requested = options.options["state"] ?? "started"
    guard ["started", "stopped", "disabled", "ignored"].contains(requested) else {
      return .failure(
        "400 Parameter verification failed.\nstate: value '\(requested)' does not have a value in the enumeration 'started, stopped, enabled, disabled, ignored'"
      )
    }
    var keys = ["max_relocate", "max_restart", "comment"].filter { options.options[$0] != nil }
    if options.options["state"] != nil { keys.append("state") }
    let crmState =
      requested == "started"
      ? (guest.running ? "started" : "request_start") : guest.running ? "request_stop" : "stopped"
    state.haResources.append(
      HAResource(
        sid: sid, requestedState: requested, crmState: crmState, node: guest.node, targetNode: nil,
        maxRestart: options.options["max_restart"].flatMap(Int.init) ?? 1,
        maxRelocate: options.options["max_relocate"].flatMap(Int.init) ?? 1,
        comment: options.options["comment"], maintenanceHome: nil,
        explicitKeys: keys, uid: SeedGuests.uid(for: sid + String(context.now))))
    let round = context.now + state.scaled(ClusterState.Delay.round)
    state.logCRM("adding new service '\(sid)' on node '\(guest.node)'", at: round)
    state.scheduled.append(ScheduledTransition(at: round, action: .applyRequestedState(sid: sid)))
    return SimulationResult()
  }

  private static func set(_ text: String, options: CommandLineOptions, state: inout ClusterState, at round: Double)
    -> SimulationResult
  {
    let sid = normalizedSID(text, state: state)
    guard let index = state.haResources.firstIndex(where: { $0.sid == sid }) else {
      return .failure("service '\(sid)' is not HA managed")
    }
    if let requested = options.options["state"] {
      let wanted = requested == "enabled" ? "started" : requested
      guard ["started", "stopped", "disabled", "ignored"].contains(wanted) else {
        return .failure(
          "400 Parameter verification failed.\nstate: value '\(requested)' does not have a value in the enumeration 'started, stopped, enabled, disabled, ignored'"
        )
      }
      if state.haResources[index].crmState == "error", wanted != "disabled" {
        return .failure("service '\(sid)' in error state, must be disabled and fixed first")
      }
      state.haResources[index].requestedState = wanted
      if !state.haResources[index].explicitKeys.contains("state") {
        state.haResources[index].explicitKeys.append("state")
      }
      if wanted != "started", state.haResources[index].crmState == "started" {
        state.haResources[index].changeState(to: "request_stop")
      }
      if wanted == "started", state.haResources[index].crmState == "stopped" {
        state.haResources[index].changeState(to: "request_start")
      }
      state.scheduled.append(ScheduledTransition(at: round, action: .applyRequestedState(sid: sid)))
    }
    for (key, apply) in [
      (
        "max_restart",
        { (resource: inout HAResource, value: String) in resource.maxRestart = Int(value) ?? resource.maxRestart }
      ),
      (
        "max_relocate",
        { (resource: inout HAResource, value: String) in resource.maxRelocate = Int(value) ?? resource.maxRelocate }
      ),
      ("comment", { (resource: inout HAResource, value: String) in resource.comment = value }),
    ] {
      guard let value = options.options[key] else { continue }
      apply(&state.haResources[index], value)
      if !state.haResources[index].explicitKeys.contains(key) { state.haResources[index].explicitKeys.append(key) }
    }
    return SimulationResult()
  }

  private static func move(
    _ text: String, to target: String, relocate: Bool, state: inout ClusterState, at round: Double
  )
    -> SimulationResult
  {
    let sid = normalizedSID(text, state: state)
    guard let resource = state.resource(sid) else { return .failure("service '\(sid)' is not HA managed") }
    guard let node = state.node(target), node.inNodelist else {
      return .failure("400 Parameter verification failed.\nnode: no such cluster node '\(target)'")
    }
    if resource.node == target { return SimulationResult() }
    state.logCRM("got crm command: \(relocate ? "relocate" : "migrate") \(sid) \(target)", at: round)
    state.scheduled.append(
      ScheduledTransition(at: round, action: .beginMove(sid: sid, target: target, relocate: relocate)))
    return SimulationResult()
  }
}
