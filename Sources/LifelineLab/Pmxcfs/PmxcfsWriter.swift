import Foundation

/// Keeps the shared /etc/pve directory in line with the cluster state after every change: HA
/// files, the corosync nodelist, and each guest's configuration under the node that runs it.
enum PmxcfsWriter {
  /// Files written once at `lab up`; afterwards they belong to whoever edits them.
  static func writeInitialFiles(_ state: ClusterState, layout: LabLayout) throws {
    let root = layout.pmxcfs
    for directory in ["ha", "nodes", "priv", "firewall", "sdn", "virtual-guest"] {
      try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
    }
    try write(StorageConfig.initialText(), to: root + "/storage.cfg")
    try write(BackupJobs.initialText(), to: root + "/jobs.cfg")
    try write("keyboard: en-us\n", to: root + "/datacenter.cfg")
    try write("user:root@pam:1:0:::root@\(state.clusterName).lab:::\n", to: root + "/user.cfg")
    try write(CorosyncConfig.text(for: state), to: root + "/corosync.conf")
    for (link, target) in [
      ("local", "/etc/.pve-local-node"), ("qemu-server", "local/qemu-server"), ("lxc", "local/lxc"),
    ] {
      try? FileManager.default.removeItem(atPath: root + "/" + link)
      try FileManager.default.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: target)
    }
    try sync(state, layout: layout, at: state.advancedTo)
  }

  /// Rewrites what the state owns, touching only files whose content changed.
  static func sync(_ state: ClusterState, layout: LabLayout, at time: Double) throws {
    let root = layout.pmxcfs
    let configured = CorosyncConfig.totem(
      in: (try? String(contentsOfFile: root + "/corosync.conf", encoding: .utf8)) ?? "")
    if configured.version != state.configVersion {
      try write(CorosyncConfig.text(for: state), to: root + "/corosync.conf")
    }
    try write(HAConfigFiles.resources(state), to: root + "/ha/resources.cfg")
    let tick = (time / 10).rounded(.down) * 10
    try write(HAConfigFiles.managerStatus(state, at: tick).compact(), to: root + "/ha/manager_status")
    for node in state.nodelist {
      let directory = root + "/nodes/" + node.name
      for sub in ["qemu-server", "lxc", "priv"] {
        try FileManager.default.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
      }
      try write(HAConfigFiles.lrmStatus(state, node: node, at: tick).compact(), to: directory + "/lrm_status")
    }
    try placeGuestConfigs(state, root: root)
    try PmxcfsGuard.syncQuorumSource(state, layout: layout)
  }

  /// Where each guest's config file is now: the node directory holding it, nil when there is none.
  /// A file the operator moved (or removed) tells the state where the guest went (or that it is gone).
  static func guestConfigLocations(_ state: ClusterState, layout: LabLayout) -> [Int: String] {
    var found: [Int: String] = [:]
    let manager = FileManager.default
    for node in state.nodes {
      for directory in ["qemu-server", "lxc"] {
        let path = "\(layout.pmxcfs)/nodes/\(node.name)/\(directory)"
        for file in (try? manager.contentsOfDirectory(atPath: path)) ?? [] where file.hasSuffix(".conf") {
          if let vmid = Int(file.dropLast(5)) { found[vmid] = node.name }
        }
      }
    }
    return found
  }

  /// Each guest's config sits under its current node; a moved guest's file moves with it.
  private static func placeGuestConfigs(_ state: ClusterState, root: String) throws {
    let manager = FileManager.default
    for guest in state.guests {
      let name = "\(guest.vmid).conf"
      let wanted = "\(root)/nodes/\(guest.node)/\(guest.kind.configDirectory)/\(name)"
      if manager.fileExists(atPath: wanted) { continue }
      let elsewhere = state.nodes.map { "\(root)/nodes/\($0.name)/\(guest.kind.configDirectory)/\(name)" }
        .first { manager.fileExists(atPath: $0) }
      if let elsewhere {
        try manager.moveItem(atPath: elsewhere, toPath: wanted)
      } else {
        try write(GuestConfig.text(for: guest), to: wanted)
      }
    }
  }

  /// /etc/pve/priv/authorized_keys with every member's root key, and the host keys every node
  /// pins: /etc/pve/priv/known_hosts (name and address) and /etc/pve/nodes/NODE/ssh_known_hosts.
  static func writeSSHTrust(_ state: ClusterState, layout: LabLayout) throws {
    for node in state.nodelist { try mergeSSHKeys(of: node, layout: layout, into: layout.pmxcfs) }
  }

  /// What `pvecm add` and `pvecm updatecerts` do for one node ("merge authorized SSH keys"): its root
  /// key becomes trusted and its current host key is pinned. Returns whether anything changed.
  @discardableResult
  static func mergeSSHKeys(of node: ClusterNode, layout: LabLayout, into root: String) throws -> Bool {
    let files = layout.node(node.name)
    let rootKey = try KeyGenerator.publicKey(files.rootKey) + " root@\(node.name)"
    let hostKey = try KeyGenerator.publicKey(files.hostKey)
    try FileManager.default.createDirectory(atPath: root + "/priv", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: root + "/nodes/" + node.name, withIntermediateDirectories: true)
    var changed = try appendMissing([rootKey], to: root + "/priv/authorized_keys")
    changed =
      try appendMissing(["\(node.name) \(hostKey)", "\(node.address) \(hostKey)"], to: root + "/priv/known_hosts")
      || changed
    let pinned = "\(node.name) \(hostKey)\n"
    if (try? String(contentsOfFile: root + "/nodes/\(node.name)/ssh_known_hosts", encoding: .utf8)) != pinned {
      try write(pinned, to: root + "/nodes/\(node.name)/ssh_known_hosts")
      changed = true
    }
    return changed
  }

  private static func appendMissing(_ lines: [String], to path: String) throws -> Bool {
    let current = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    let present = Set(current.split(separator: "\n").map(String.init))
    let missing = lines.filter { !present.contains($0) }
    guard !missing.isEmpty else { return false }
    let prefix = current.isEmpty || current.hasSuffix("\n") ? current : current + "\n"
    try write(prefix + missing.map { $0 + "\n" }.joined(), to: path)
    return true
  }

  /// Writes through a temporary file and a rename, skipping identical content.
  static func write(_ text: String, to path: String) throws {
    if let current = try? String(contentsOfFile: path, encoding: .utf8), current == text { return }
    let temporary = path + ".tmp.\(getpid())"
    try text.write(toFile: temporary, atomically: false, encoding: .utf8)
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw LabError.io("cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }
}
