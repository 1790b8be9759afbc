import Foundation

/// The entry point of every simulated command (`lifeline-lab sim --state DIR --node NODE -- CMD`):
/// runs the command against the shared state under its lock, as the named node.
public enum LabSimulator {
  public static func run(labDirectory: String, node: String, command: [String]) -> SimulationResult {
    guard let program = command.first else { return .failure("lab sim: no command given", status: 2) }
    let layout = LabLayout(root: labDirectory)
    let runtime = try? LabRuntime.load(layout)
    let arguments = Array(command.dropFirst())
    let name = (program as NSString).lastPathComponent
    if name == NodePower.helperCommand, let action = arguments.first.flatMap(NodePower.Action.init) {
      return NodePower.complete(action, layout: layout, node: node)
    }
    switch NodePower.action(name, arguments) {
    case .success(let action)?: return NodePower.request(action, layout: layout, node: node)
    case .failure(let error)?: return .failure(error.description, status: 1)
    case nil: break
    }
    if name == "ip", !IPCommand.handles(arguments) {
      do {
        return try Subprocess.runSeparately(IPCommand.realTool, arguments)
      } catch {
        return .failure("ip: \(error)", status: 127)
      }
    }
    if name == "pvecm", CommandLineOptions(arguments, valueless: PvecmJoin.valueless).positional.first == "add" {
      return PvecmJoin.run(arguments, layout: layout, node: node, console: .standard)
    }
    do {
      let attempt = { () throws -> SimulationResult in
        try ClusterStore(layout: layout).update { state in
          guard state.node(node) != nil else { return .failure("lab sim: unknown node '\(node)'", status: 2) }
          let context = SimulationContext(
            layout: layout, runtime: runtime, nodeName: node, now: Date().timeIntervalSince1970)
          return dispatch(name, arguments, state: &state, context: context)
        }
      }
      // The lock is waited for outside the state's lock, so the rest of the cluster goes on.
      let result = try attempt()
      return try result.awaitingLock?.wait(retrying: attempt) ?? result
    } catch {
      return .failure("lab sim: \(error)", status: 2)
    }
  }

  static func dispatch(_ program: String, _ arguments: [String], state: inout ClusterState, context: SimulationContext)
    -> SimulationResult
  {
    switch program {
    case "pvecm": PvecmCommand.run(arguments, state: &state, context: context)
    case "ha-manager": HAManagerCommand.run(arguments, state: &state, context: context)
    case "pvesh": PveshCommand.run(arguments, state: &state, context: context)
    case "pvesm": PvesmCommand.run(arguments, state: &state, context: context)
    case "systemctl": SystemctlCommand.run(arguments, state: &state, context: context)
    case "journalctl": JournalctlCommand.run(arguments, state: &state, context: context)
    case "logger": LoggerCommand.run(arguments, state: &state, context: context)
    case "ifreload": IfreloadCommand.run(arguments, state: &state, context: context)
    case "qm": GuestCommand.run(.qemu, arguments, state: &state, context: context)
    case "pct": GuestCommand.run(.lxc, arguments, state: &state, context: context)
    case "lsmod": NodeToolsCommand.lsmod(state: state, context: context)
    case "modinfo": NodeToolsCommand.modinfo(arguments)
    case "ip": IPCommand.run(arguments, state: state, context: context)
    case "pveversion": NodeToolsCommand.pveversion(arguments)
    case "ipmitool" where state.ipmiConfigured: NodeToolsCommand.ipmitool(arguments, state: state, context: context)
    default: .failure("-bash: \(program): command not found", status: 127)
    }
  }
}
