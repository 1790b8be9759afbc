import Foundation

/// Finds a node's view of a file from wherever the caller runs: the directories bound into its
/// namespace are read at their lab source (/etc/pve is the cluster's, or a reinstalled node's
/// own until it joins); other /etc files through the running sshd's root (`/proc/PID/root`), or
/// in the overlay's upper layer while the node is down.
struct NodeFiles: Sendable {
  let lab: LabLayout
  let node: NodeLayout
  let sshdPID: Int32?

  func hostPath(_ path: String) -> String {
    let pmxcfs = FileManager.default.fileExists(atPath: node.standalonePmxcfs) ? node.standalonePmxcfs : lab.pmxcfs
    let bound: [(prefix: String, source: String)] = [
      ("/etc/network", node.network), ("/etc/modprobe.d", node.modprobe), ("/etc/pve", pmxcfs),
      ("/etc/corosync", node.corosyncEtc),
      ("/var/log", node.log), ("/usr/local/sbin", node.bin),
    ]
    for (prefix, source) in bound where path == prefix || path.hasPrefix(prefix + "/") {
      return source + path.dropFirst(prefix.count)
    }
    if path.hasPrefix("/etc/") {
      if let pid = sshdPID, ProcessTable.isAlive(pid) { return "/proc/\(pid)/root" + path }
      return node.etcUpper + path.dropFirst(4)
    }
    return path
  }

  func read(_ path: String) -> String? {
    try? String(contentsOfFile: hostPath(path), encoding: .utf8)
  }

  /// Creates a directory (and its parents) in the node's view.
  func createDirectory(_ path: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: hostPath(path), withIntermediateDirectories: true)
    } catch {
      throw LabError.io("cannot create \(path) on node \(node.name): \(error.localizedDescription)")
    }
  }

  func write(_ text: String, to path: String) throws {
    do {
      try text.write(toFile: hostPath(path), atomically: false, encoding: .utf8)
    } catch {
      throw LabError.io("cannot write \(path) of node \(node.name): \(error.localizedDescription)")
    }
  }
}
