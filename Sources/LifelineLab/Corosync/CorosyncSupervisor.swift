import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Brings every node's real corosync and cluster link in line with the simulated machine: the
/// node's power and its corosync unit decide whether corosync runs (a hung node's is frozen, a
/// powered-off or crashed one's killed, a stopped unit's ended cleanly, a restarted unit's started
/// again), its network files and pulled cables decide which of its links are up (and which packets
/// they drop), and the nodelist is written to its
/// /etc/corosync/corosync.conf (reloaded with `corosync-cfgtool -R` when it changes). Runs after
/// every change of the cluster state.
struct CorosyncSupervisor {
  let layout: LabLayout

  func apply(_ state: ClusterState, at now: Double) throws {
    let config = CorosyncConfig.nodeText(for: state)
    var configChanged = false
    for node in state.nodes where FileManager.default.fileExists(atPath: layout.networkNamespace(node.name)) {
      let files = layout.node(node.name)
      if node.inNodelist, !node.standalone {
        configChanged = try writeIfChanged(config, to: files.corosyncEtc + "/corosync.conf") || configChanged
      }
      try applyLink(node, files: files)
      try applyProcess(node, files: files, at: now)
    }
    if configChanged { reload(state) }
    if state.qdevice != nil {
      for node in state.nodes where FileManager.default.fileExists(atPath: layout.networkNamespace(node.name)) {
        try applyQDevice(node, files: layout.node(node.name))
      }
    }
  }

  /// corosync-qdevice runs while the node's corosync does, started once corosync answers and has
  /// the device section (qdevice reads `quorum.device` from corosync's cmap when it starts and
  /// exits without it), and freezes with it.
  private func applyQDevice(_ node: ClusterNode, files: NodeLayout) throws {
    let corosync = CorosyncProcess.pid(files)
    if corosync == nil { QDevice.stop(files, abruptly: node.faults.contains(.down)) }
    guard let corosync else { return }
    if QDevice.pid(files) == nil, QDevice.hasCertificates(files), !ProcessTable.isStopped(corosync),
      (try? CorosyncProcess.tool(CorosyncProcess.cfgtool, ["-s"], node: node.name, lab: layout))?.succeeded == true
    {
      try QDevice.start(files, lab: layout)
    }
    guard let pid = QDevice.pid(files) else { return }
    let frozen = ProcessTable.isStopped(pid)
    if ProcessTable.isStopped(corosync), !frozen { kill(pid, SIGSTOP) }
    if !ProcessTable.isStopped(corosync), frozen { kill(pid, SIGCONT) }
  }

  /// Brings each of the node's links up or down and its packet loss in line; the applied state is
  /// kept in the node's link state file (`lan0 up`, `lan1 down`, `loss 30`) so nothing is redone.
  private func applyLink(_ node: ClusterNode, files: NodeLayout) throws {
    let loss = node.faults.contains(.packetLoss) ? node.packetLossPercent.map { Int($0) } : nil
    let wanted =
      node.linkNumbers.map { "\(ClusterNetwork.interface(link: $0)) \(node.carries(link: $0) ? "up" : "down")" }
      + (loss.map { ["loss \($0)"] } ?? [])
    let applied = (try? String(contentsOfFile: files.linkStateFile, encoding: .utf8))?.split(separator: "\n").map(
      String.init)
    guard applied != wanted else { return }
    for link in node.linkNumbers {
      try ClusterNetwork.setLink(layout, node: node.name, link: link, up: node.carries(link: link))
    }
    if loss != nil || applied?.contains(where: { $0.hasPrefix("loss ") }) == true {
      try ClusterNetwork.setPacketLoss(layout, node: node.name, percent: loss)
    }
    try (wanted.joined(separator: "\n") + "\n").write(toFile: files.linkStateFile, atomically: false, encoding: .utf8)
  }

  private func applyProcess(_ node: ClusterNode, files: NodeLayout, at now: Double) throws {
    let unit = node.unitState(.corosync)
    let wanted = node.inNodelist && !node.standalone && unit == .active && node.power != .off && now >= node.bootedAt
    let generation = "\(node.bootID)-\(node.unitRestarts[.corosync] ?? 0)"
    if CorosyncProcess.pid(files) != nil, !wanted || CorosyncProcess.generation(files) != generation {
      CorosyncProcess.stop(files, abruptly: node.faults.contains(.down) || unit == .failed)
    }
    if wanted, CorosyncProcess.pid(files) == nil {
      try CorosyncProcess.start(files, lab: layout, generation: generation)
    }
    guard let pid = CorosyncProcess.pid(files) else { return }
    let frozen = ProcessTable.isStopped(pid)
    if node.power == .hung, !frozen { kill(pid, SIGSTOP) }
    if node.power != .hung, frozen { kill(pid, SIGCONT) }
  }

  /// Asks one running member to reload the configuration; corosync passes it to every member.
  private func reload(_ state: ClusterState) {
    for node in state.nodelist {
      guard let pid = CorosyncProcess.pid(layout.node(node.name)), !ProcessTable.isStopped(pid) else { continue }
      if (try? CorosyncProcess.tool(CorosyncProcess.cfgtool, ["-R"], node: node.name, lab: layout))?.succeeded == true {
        return
      }
    }
  }

  private func writeIfChanged(_ text: String, to path: String) throws -> Bool {
    if (try? String(contentsOfFile: path, encoding: .utf8)) == text { return false }
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    return true
  }
}
