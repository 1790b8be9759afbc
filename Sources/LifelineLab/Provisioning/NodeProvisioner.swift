import Foundation

/// Creates one node's directory: its sshd files, the network and watchdog files runbooks read and
/// change, its log directory, and the mount points its namespace needs.
enum NodeProvisioner {
  /// - Parameter reinstalled: a freshly installed Proxmox VE that is no cluster member yet: the
  ///   shipped watchdog defaults, no corosync key, and an /etc/pve of its own.
  static func provision(
    _ node: NodeLayout, address: String, port: Int, allNodes: [(name: String, address: String)],
    storages: [StorageDefinition], lab: LabLayout, simulator: [String], ipmi: Bool,
    reinstalled: Bool = false
  ) throws {
    let manager = FileManager.default
    let upper = node.etcUpper
    for directory in [
      node.network + "/interfaces.d", node.modprobe, node.log + "/pve/tasks", node.log + "/corosync", node.etcWork,
      upper + "/network", upper + "/modprobe.d", upper + "/pve", upper + "/default", node.corosyncEtc,
      node.watchdogClass,
    ] {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    for storage in storages {
      if let mountPath = storage.mountPath {
        try manager.createDirectory(atPath: node.mnt + mountPath.dropFirst(4), withIntermediateDirectories: true)
      }
    }
    try NetworkConfig.interfaces().write(toFile: node.network + "/interfaces", atomically: false, encoding: .utf8)
    try NetworkConfig.bridge(address: address)
      .write(toFile: node.network + "/interfaces.d/vmbr0", atomically: false, encoding: .utf8)
    try NetworkConfig.sdn().write(toFile: node.network + "/interfaces.d/sdn", atomically: false, encoding: .utf8)
    try """
    # This file contains a list of modules which are not supported by Proxmox VE

    # nvidiafb see bugreport https://bugzilla.proxmox.com/show_bug.cgi?id=701
    blacklist nvidiafb

    """.write(toFile: node.modprobe + "/pve-blacklist.conf", atomically: false, encoding: .utf8)
    try (reinstalled ? WatchdogConfig.shipped : WatchdogConfig.configured)
      .write(toFile: upper + "/default/pve-ha-manager", atomically: false, encoding: .utf8)
    if !reinstalled { try writeCorosyncKey(node, lab: lab) }
    if !manager.fileExists(atPath: node.bootID) { _ = manager.createFile(atPath: node.bootID, contents: Data()) }
    try (node.name + "\n").write(toFile: upper + "/hostname", atomically: false, encoding: .utf8)
    try hosts(allNodes).write(toFile: upper + "/hosts", atomically: false, encoding: .utf8)
    try? manager.removeItem(atPath: upper + "/.pve-local-node")
    try manager.createSymbolicLink(
      atPath: upper + "/.pve-local-node", withDestinationPath: "/etc/pve/nodes/\(node.name)")
    try unlockRootIfNeeded(upper: upper)
    try "".write(toFile: node.log + "/pveproxy-access.log", atomically: false, encoding: .utf8)

    try SSHDConfig.text(node: node, address: address, port: port, lab: lab)
      .write(toFile: node.sshdConfig, atomically: false, encoding: .utf8)
    try KeyGenerator.generate(node.hostKey, comment: "root@\(node.name)")
    try KeyGenerator.generate(node.rootKey, comment: "root@\(node.name)")
    if reinstalled { try StandalonePmxcfs.create(node, address: address) }
    try SimulatedCommands.install(in: node, simulator: simulator, lab: lab, ipmi: ipmi)
    try PmxcfsGuard.install(in: node, simulator: simulator)
    let script = StartScript.text(node: node, lab: lab, storages: storages)
    try script.write(toFile: node.startScript, atomically: false, encoding: .utf8)
    chmod(node.startScript, 0o755)
  }

  /// A reinstall wipes the machine: every file of the node goes, except the mount points that a
  /// still-dying namespace may hold; then it is provisioned afresh.
  static func wipe(_ node: NodeLayout) {
    chmod(node.etcWork + "/work", 0o700)
    for entry in [
      node.network, node.modprobe, node.log, node.bin, node.mnt, node.root + "/overlay", node.standalonePmxcfs,
      node.watchdogClass, node.hostKey, node.hostKey + ".pub", node.rootKey, node.rootKey + ".pub", node.corosync,
    ] {
      try? FileManager.default.removeItem(atPath: entry)
    }
  }

  /// /etc/corosync/authkey, which every cluster member has (`pvecm add` refuses a node that has
  /// one): the cluster's key, made once by `corosync-keygen` at `lab up`.
  static func writeCorosyncKey(_ node: NodeLayout, lab: LabLayout) throws {
    let path = node.corosyncEtc + "/authkey"
    try FileManager.default.createDirectory(atPath: node.corosyncEtc, withIntermediateDirectories: true)
    unlink(path)
    guard let key = FileManager.default.contents(atPath: lab.corosyncAuthkey),
      FileManager.default.createFile(atPath: path, contents: key)
    else {
      throw LabError.io("cannot write \(path)")
    }
    chmod(path, 0o400)
  }

  /// The cluster's corosync key, as `pvecm create` makes it (`corosync-keygen`).
  static func makeClusterKey(_ lab: LabLayout) throws {
    let result = try Subprocess.run(CorosyncProcess.keygen, ["-k", lab.corosyncAuthkey])
    guard result.succeeded else { throw LabError.cannotRun(CorosyncProcess.keygen, result.output) }
  }

  static func hosts(_ nodes: [(name: String, address: String)]) -> String {
    var lines = ["127.0.0.1 localhost.localdomain localhost"]
    lines += nodes.map { "\($0.address) \($0.name).lab \($0.name)" }
    lines += [
      "", "# The following lines are desirable for IPv6 capable hosts", "::1     ip6-localhost ip6-loopback",
      "fe00::0 ip6-localnet", "ff00::0 ip6-mcastprefix", "ff02::1 ip6-allnodes", "ff02::2 ip6-allrouters",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// sshd without PAM refuses a locked account (`!` in shadow); give the node's overlay its own
  /// shadow with root's password field set to `*` (no password, not locked). The host keeps its own.
  private static func unlockRootIfNeeded(upper: String) throws {
    guard let shadow = try? String(contentsOfFile: "/etc/shadow", encoding: .utf8) else { return }
    var changed = false
    let lines = shadow.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      var fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard fields.count > 1, fields[0] == "root", fields[1].hasPrefix("!") else { return String(line) }
      fields[1] = "*"
      changed = true
      return fields.joined(separator: ":")
    }
    guard changed else { return }
    let path = upper + "/shadow"
    try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
    chmod(path, 0o640)
  }
}
