import Foundation

/// Injects and heals the per-node faults: process-level ones (down, hang) on the node's sshd and
/// namespace, file-level ones in the node's own files, and their effect on the cluster state.
struct FaultInjector {
  let lab: LabLayout
  let runtime: LabRuntime

  private func files(_ node: String, runtime: LabRuntime) -> NodeFiles {
    NodeFiles(lab: lab, node: lab.node(node), sshdPID: runtime.node(node)?.pid)
  }

  func inject(_ mode: FaultMode, into name: String, store: ClusterStore, runtime: inout LabRuntime) throws -> String {
    let files = files(name, runtime: runtime)
    let alreadyFaulty = try store.read().node(name)?.faults.contains(mode) ?? false
    if alreadyFaulty { return "\(name): \(mode.rawValue) already injected" }
    switch mode {
    case .down:
      if let node = runtime.node(name), let index = runtime.nodes.firstIndex(where: { $0.name == name }) {
        NodeLauncher.stop(node)
        runtime.nodes[index].pid = nil
        runtime.nodes[index].mountNamespace = nil
        runtime.nodes[index].utsNamespace = nil
      }
    case .hang:
      if let node = runtime.node(name) { NodeLauncher.freeze(node, true) }
    case .network:
      let text = files.read("/etc/network/interfaces") ?? NetworkConfig.interfaces()
      try files.write(NetworkConfig.withoutSourceLine(text), to: "/etc/network/interfaces")
    case .noWatchdog:
      try files.write(WatchdogConfig.shipped, to: WatchdogConfig.path)
    case .corosync, .storageFull:
      break
    }
    try store.update { state in
      guard let index = state.index(of: name) else { return }
      let now = Date().timeIntervalSince1970
      state.nodes[index].faults.append(mode)
      switch mode {
      case .down: state.powerOff(index, at: now)
      case .hang: state.nodes[index].power = .hung
      case .network: state.reloadNetwork(index, linkUp: false, at: now)
      case .corosync: state.failCorosync(index, at: now)
      case .noWatchdog: state.nodes[index].loadedWatchdogModule = nil
      case .storageFull: break
      }
    }
    return "\(name): \(mode.rawValue) injected"
  }

  /// Heals `mode`, or every fault of the node when nil.
  func heal(_ mode: FaultMode?, on name: String, store: ClusterStore, runtime: inout LabRuntime) throws -> [String] {
    let faults = try store.read().node(name)?.faults ?? []
    let wanted = (mode.map { [$0] } ?? faults).filter { faults.contains($0) && $0 != .storageFull }
    let ordered = FaultMode.allCases.filter(wanted.contains)
    var report: [String] = []
    for fault in ordered {
      try heal(fault, on: name, store: store, runtime: &runtime)
      report.append("\(name): \(fault.rawValue) healed")
    }
    return report
  }

  private func heal(_ fault: FaultMode, on name: String, store: ClusterStore, runtime: inout LabRuntime) throws {
    switch fault {
    case .down:
      guard let index = runtime.nodes.firstIndex(where: { $0.name == name }) else { return }
      if !(runtime.nodes[index].pid.map(ProcessTable.isAlive) ?? false) {
        runtime.nodes[index] = try NodeLauncher.start(runtime.nodes[index], layout: lab.node(name), mode: runtime.mode)
      }
    case .hang:
      if let node = runtime.node(name) { NodeLauncher.freeze(node, false) }
    case .network:
      let files = files(name, runtime: runtime)
      let text = files.read("/etc/network/interfaces") ?? NetworkConfig.interfaces()
      try files.write(NetworkConfig.withSourceLine(text), to: "/etc/network/interfaces")
      if files.read("/etc/network/interfaces.d/vmbr0") == nil, let address = runtime.node(name)?.address {
        try files.write(NetworkConfig.bridge(address: address), to: "/etc/network/interfaces.d/vmbr0")
      }
    case .noWatchdog:
      try files(name, runtime: runtime).write(WatchdogConfig.configured, to: WatchdogConfig.path)
    case .corosync, .storageFull:
      break
    }
    let files = files(name, runtime: runtime)
    try store.update { state in
      guard let index = state.index(of: name) else { return }
      let now = Date().timeIntervalSince1970
      state.nodes[index].faults.removeAll { $0 == fault || (fault == .down && $0 == .hang) }
      switch fault {
      case .down:
        state.boot(index, at: now, linkUp: NetworkConfig.configuresAddress(state.nodes[index].address, files: files))
      case .hang:
        state.nodes[index].power = .running
      case .network:
        state.reloadNetwork(
          index, linkUp: NetworkConfig.configuresAddress(state.nodes[index].address, files: files), at: now)
      case .corosync:
        let module = WatchdogConfig.module(in: files.read(WatchdogConfig.path) ?? "")
        state.startUnit(index, .corosync, at: now, restart: false, watchdogModule: module)
      case .noWatchdog:
        state.nodes[index].loadedWatchdogModule = Seed.watchdogModule
      case .storageFull:
        break
      }
    }
  }
}
