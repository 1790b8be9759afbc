import Foundation

/// Injects and heals the per-node faults: process-level ones (down, hang) on the node's sshd and
/// namespace, file-level ones in the node's own files, a reinstall of the whole node, and their
/// effect on the cluster state.
struct FaultInjector {
  let lab: LabLayout
  let runtime: LabRuntime

  private func files(_ node: String, runtime: LabRuntime) -> NodeFiles {
    NodeFiles(lab: lab, node: lab.node(node), sshdPID: runtime.node(node)?.pid)
  }

  /// - Parameter lossPercent: the share of packets `packet-loss` drops.
  func inject(
    _ mode: FaultMode, into name: String, lossPercent: Int? = nil, store: ClusterStore, runtime: inout LabRuntime
  ) throws -> String {
    let files = files(name, runtime: runtime)
    let node = try store.read().node(name)
    if node?.faults.contains(mode) ?? false { return "\(name): \(mode.rawValue) already injected" }
    if let link = mode.pulledLink, let node, !node.linkNumbers.contains(link) {
      throw LabError.invalid("\(name) has no corosync link \(link): start the lab with `lab up --links 2` for link1")
    }
    switch mode {
    case .down:
      stop(name, runtime: &runtime)
      if let address = runtime.node(name)?.address { try LoopbackRoute.block(address) }
    case .hang:
      if let node = runtime.node(name) { NodeLauncher.freeze(node, true) }
    case .network:
      let text = files.read("/etc/network/interfaces") ?? NetworkConfig.interfaces()
      try files.write(NetworkConfig.withoutSourceLine(text), to: "/etc/network/interfaces")
    case .noWatchdog:
      try files.write(WatchdogConfig.shipped, to: WatchdogConfig.path)
    case .reinstall:
      return try reinstall(name, store: store, runtime: &runtime)
    case .corosync, .storageFull, .link0, .link1, .packetLoss:
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
      case .noWatchdog: state.assumeBooted(index, watchdogModule: nil)
      case .packetLoss: state.nodes[index].packetLossPercent = lossPercent.map(Double.init)
      case .storageFull, .reinstall, .link0, .link1: break
      }
    }
    if mode == .packetLoss, let lossPercent {
      return "\(name): packet-loss injected (\(lossPercent) % of its corosync packets dropped)"
    }
    return "\(name): \(mode.rawValue) injected"
  }

  /// Ends every process of the node; its namespaces and mounts vanish with them.
  private func stop(_ name: String, runtime: inout LabRuntime) {
    guard let node = runtime.node(name), let index = runtime.nodes.firstIndex(where: { $0.name == name }) else {
      return
    }
    NodeLauncher.stop(node)
    CorosyncProcess.stop(lab.node(name), abruptly: true)
    runtime.nodes[index].pid = nil
    runtime.nodes[index].mountNamespace = nil
    runtime.nodes[index].utsNamespace = nil
  }

  /// A fresh installation on the same machine: new host and root keys, the installer's files, an
  /// /etc/pve of its own, and a new boot. Joining it again remounts /etc/pve in its namespace,
  /// which needs root.
  private func reinstall(_ name: String, store: ClusterStore, runtime: inout LabRuntime) throws -> String {
    guard let index = runtime.nodes.firstIndex(where: { $0.name == name }) else { return "" }
    let state = try store.read()
    stop(name, runtime: &runtime)
    let node = runtime.nodes[index]
    LoopbackRoute.unblock(node.address)
    let layout = lab.node(name)
    NodeProvisioner.wipe(layout)
    try NodeProvisioner.provision(
      layout, address: node.address, port: node.port,
      allNodes: state.nodes.map { (name: $0.name, address: $0.address) }, storages: state.storages, lab: lab,
      simulator: runtime.simulator, ipmi: state.ipmiConfigured, reinstalled: true)
    let environment = NodeEnvironment(layout: lab)
    try store.update { state in
      guard let stateIndex = state.index(of: name) else { return }
      state.reinstall(
        stateIndex, at: Date().timeIntervalSince1970,
        linkUp: environment.configuresClusterAddress(state.nodes[stateIndex]))
    }
    runtime.nodes[index] = try NodeLauncher.start(node, layout: layout)
    return "\(name): reinstall injected (new host key \(try KeyGenerator.fingerprint(layout.hostKey)))"
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
      LoopbackRoute.unblock(runtime.nodes[index].address)
      if !(runtime.nodes[index].pid.map(ProcessTable.isAlive) ?? false) {
        runtime.nodes[index] = try NodeLauncher.start(runtime.nodes[index], layout: lab.node(name))
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
    case .corosync, .storageFull, .reinstall, .link0, .link1, .packetLoss:
      break
    }
    let files = files(name, runtime: runtime)
    let environment = NodeEnvironment(layout: lab)
    try store.update { state in
      guard let index = state.index(of: name) else { return }
      let now = Date().timeIntervalSince1970
      state.nodes[index].faults.removeAll { $0 == fault || (fault == .down && $0 == .hang) }
      switch fault {
      case .down:
        state.boot(
          index, at: now, linkUp: NetworkConfig.configuresAddress(state.nodes[index].address, files: files),
          watchdogModule: environment.configuredWatchdogModule(name))
      case .hang:
        state.nodes[index].power = .running
      case .network:
        state.reloadNetwork(
          index, linkUp: NetworkConfig.configuresAddress(state.nodes[index].address, files: files), at: now)
      case .corosync:
        state.startUnit(
          index, .corosync, at: now, restart: false, watchdogModule: environment.configuredWatchdogModule(name))
      case .noWatchdog:
        state.assumeBooted(index, watchdogModule: Seed.watchdogModule)
      case .reinstall:
        try NodeMembership.join(index, state: &state, layout: lab, at: now)
      case .packetLoss:
        state.nodes[index].packetLossPercent = nil
      case .storageFull, .link0, .link1:
        break
      }
    }
  }
}
