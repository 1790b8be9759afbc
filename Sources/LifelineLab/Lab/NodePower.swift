import Foundation
import LifelineSystem

#if canImport(Glibc)
  import Glibc
#endif

/// `reboot`, `poweroff`, `shutdown -r|-h now` and `systemctl reboot|poweroff` on a node. The node
/// shuts down at once in the cluster state; then a helper started inside the node's namespaces
/// (the simulated kernel) drops every SSH connection and session, keeps the address unreachable
/// (as root) while the machine is off, and for a reboot boots the node after the scaled boot time:
/// a new boot ID and journal boot, the watchdog module its configuration names, and a new sshd.
enum NodePower {
  enum Action: String {
    case reboot
    case poweroff
  }

  /// The helper's command name for `lifeline-lab sim`; no wrapper on the nodes runs it.
  static let helperCommand = "lifeline-lab-power"
  /// How long systemd takes to reach sshd when shutting down, in real seconds.
  static let shutdownDelay = 0.4

  /// What the command line asks for, or why the lab cannot do it.
  static func action(_ program: String, _ arguments: [String]) -> Result<Action, LabError>? {
    let options = CommandLineOptions(arguments, valueless: ["r", "reboot", "h", "halt", "P", "poweroff", "now", "f"])
    switch program {
    case "reboot": return .success(.reboot)
    case "poweroff", "halt": return .success(.poweroff)
    case "systemctl":
      switch options.positional.first {
      case "reboot": return .success(.reboot)
      case "poweroff", "halt": return .success(.poweroff)
      default: return nil
      }
    case "shutdown":
      let when = options.positional.first ?? "+1"
      guard when == "now" || when == "+0" || options.flags.contains("now") else {
        return .failure(.unsupported("lab: only an immediate shutdown is simulated: shutdown -r now"))
      }
      let reboot = options.flags.contains("r") || options.flags.contains("reboot")
      return .success(reboot ? .reboot : .poweroff)
    default: return nil
    }
  }

  /// Shuts the node down in the cluster state and starts the helper. Only from inside the node:
  /// the helper ends every process of the namespace it runs in.
  static func request(_ action: Action, layout: LabLayout, node name: String) -> SimulationResult {
    guard let runtime = try? LabRuntime.load(layout), let process = runtime.node(name),
      process.mountNamespace != nil, ProcessTable.namespace("mnt", of: getpid()) == process.mountNamespace
    else {
      return .failure("lab: \(action.rawValue) must run on node \(name) itself (over SSH)", status: 1)
    }
    do {
      try ClusterStore(layout: layout).update { state in
        guard let index = state.index(of: name) else { return }
        state.shutDown(index, at: Date().timeIntervalSince1970, reboot: action == .reboot)
      }
      _ = try Subprocess.spawnDetached(
        runtime.simulator[0],
        Array(runtime.simulator.dropFirst()) + [
          "--state", layout.root, "--node", name, "--", helperCommand, action.rawValue,
        ], logFile: layout.node(name).sshdLog)
      return SimulationResult()
    } catch {
      return .failure("lab: \(error)", status: 1)
    }
  }

  /// The helper (`lab sim … -- lifeline-lab-power reboot|poweroff`). A reboot ends by becoming the
  /// node's new sshd, so it returns only on failure.
  static func complete(_ action: Action, layout: LabLayout, node name: String) -> SimulationResult {
    guard let runtime = try? LabRuntime.load(layout), let process = runtime.node(name),
      let mountNamespace = process.mountNamespace, let utsNamespace = process.utsNamespace,
      ProcessTable.namespace("mnt", of: getpid()) == mountNamespace
    else {
      return .failure("lab: the power helper must run inside node \(name)", status: 1)
    }
    Thread.sleep(forTimeInterval: shutdownDelay)
    try? LoopbackRoute.block(process.address)
    ProcessTable.terminate(ProcessTable.members(mountNamespace: mountNamespace, utsNamespace: utsNamespace))
    let store = ClusterStore(layout: layout)
    if action == .poweroff {
      _ = try? store.update { state in
        guard let index = state.index(of: name), !state.nodes[index].faults.contains(.down) else { return }
        state.nodes[index].faults.append(.down)
      }
      try? updateRuntime(layout, node: name) { $0.pid = nil }
      return SimulationResult()
    }
    let bootTime = ((try? store.read().timeScale) ?? 1) * ClusterState.Delay.reboot
    Thread.sleep(forTimeInterval: bootTime)
    LoopbackRoute.unblock(process.address)
    do {
      let environment = NodeEnvironment(layout: layout)
      try store.update { state in
        guard let index = state.index(of: name) else { return }
        state.boot(
          index, at: Date().timeIntervalSince1970, linkUp: environment.configuresClusterAddress(state.nodes[index]),
          watchdogModule: environment.configuredWatchdogModule(name))
      }
      let pid = getpid()
      try updateRuntime(layout, node: name) { $0.pid = pid }
    } catch {
      return .failure("lab: \(name) did not boot: \(error)", status: 1)
    }
    let files = layout.node(name)
    let arguments = [StartScript.sshd] + StartScript.sshdArguments(files)
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let variables: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=\(SSHDConfig.path)"), nil]
    execve(StartScript.sshd, argv, variables)
    return .failure("lab: cannot start \(StartScript.sshd): \(String(cString: strerror(errno)))", status: 1)
  }

  private static func updateRuntime(_ layout: LabLayout, node name: String, _ change: (inout LabRuntime.Node) -> Void)
    throws
  {
    try FileLock.withLock(layout.labLock) {
      var runtime = try LabRuntime.load(layout)
      guard let index = runtime.nodes.firstIndex(where: { $0.name == name }) else { return }
      change(&runtime.nodes[index])
      try runtime.save(layout)
    }
  }
}
