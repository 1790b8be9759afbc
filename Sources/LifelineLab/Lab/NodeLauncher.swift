import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Starts a node's sshd inside fresh namespaces and stops every process of a node by PID.
enum NodeLauncher {
  static let unshare = "/usr/bin/unshare"
  /// How long sshd may take to accept connections.
  static let startTimeout: TimeInterval = 15

  /// Runs the node's start script in new namespaces; returns once sshd accepts connections.
  static func start(_ node: LabRuntime.Node, layout: NodeLayout) throws -> LabRuntime.Node {
    unlink(layout.pidFile)
    try? "".write(toFile: layout.sshdLog, atomically: false, encoding: .utf8)
    let arguments = ["--mount", "--uts", "--propagation", "private", "--", "/bin/sh", layout.startScript]
    let pid = try Subprocess.spawnDetached(unshare, arguments, logFile: layout.sshdLog)
    let deadline = Date().addingTimeInterval(startTimeout)
    while Date() < deadline {
      if PortProbe.accepts(address: node.address, port: node.port) {
        var started = node
        started.pid = pid
        started.mountNamespace = ProcessTable.namespace("mnt", of: pid)
        started.utsNamespace = ProcessTable.namespace("uts", of: pid)
        return started
      }
      ProcessTable.reapIfChild(pid)
      if !ProcessTable.isAlive(pid) { break }
      usleep(50_000)
    }
    let log = (try? String(contentsOfFile: layout.sshdLog, encoding: .utf8)) ?? ""
    ProcessTable.terminate([pid])
    throw LabError.sshdFailed(node: node.name, log: log.split(separator: "\n").suffix(15).joined(separator: "\n"))
  }

  /// Every live process of the node: the sshd and all sessions sharing its namespaces.
  static func processes(of node: LabRuntime.Node) -> [Int32] {
    var pids: [Int32] = []
    if let pid = node.pid, ProcessTable.isAlive(pid) { pids.append(pid) }
    if let mount = node.mountNamespace, let uts = node.utsNamespace {
      pids += ProcessTable.members(mountNamespace: mount, utsNamespace: uts).filter { !pids.contains($0) }
    }
    return pids
  }

  /// Ends the node's processes; its namespaces and mounts vanish with the last of them.
  static func stop(_ node: LabRuntime.Node) {
    ProcessTable.terminate(processes(of: node))
    if let pid = node.pid { ProcessTable.reapIfChild(pid) }
  }

  /// Freezes (SIGSTOP) or thaws (SIGCONT) every process of the node.
  static func freeze(_ node: LabRuntime.Node, _ frozen: Bool) {
    ProcessTable.signal(processes(of: node), frozen ? SIGSTOP : SIGCONT)
  }
}
