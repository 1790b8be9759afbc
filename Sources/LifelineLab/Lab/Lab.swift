import Foundation
import LifelineSystem

#if canImport(Glibc)
  import Glibc
#endif

/// A simulated Proxmox VE cluster on real OpenSSH servers: one sshd per node on its own loopback
/// address, each in namespaces of its own, all sharing one cluster state in the lab directory.
///
/// ```swift
/// let lab = Lab(directory: "/tmp/lab")
/// let outcome = try lab.up(LabUpOptions(timeScale: 0.01, simulator: [lifelineLab, "sim"]))
/// // ssh -i outcome.clientKey -o UserKnownHostsFile=outcome.knownHosts root@127.77.0.2 pvecm status
/// try lab.fail(node: "proxmox", mode: .network)
/// try lab.down()
/// ```
public struct Lab: Sendable {
  public let layout: LabLayout

  /// - Parameter directory: the lab directory; a relative path is taken from the current directory.
  public init(directory: String) {
    let absolute = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
    layout = LabLayout(root: URL(fileURLWithPath: absolute).standardizedFileURL.path)
  }

  /// The lab directory when `--dir` is not given: `LIFELINE_LAB_DIR`, else `./lab`.
  public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let configured = environment["LIFELINE_LAB_DIR"], !configured.isEmpty { return configured }
    return "lab"
  }

  // MARK: up

  /// Starts the lab, or leaves a running one alone; remains of a crashed lab are cleaned up first.
  public func up(_ options: LabUpOptions) throws -> LabUpOutcome {
    try FileManager.default.createDirectory(atPath: layout.root, withIntermediateDirectories: true)
    return try FileLock.withLock(layout.labLock) {
      var cleaned = false
      if let runtime = try? LabRuntime.load(layout) {
        if isRunning(runtime) { return outcome(runtime, alreadyRunning: true, cleaned: false) }
        teardown(runtime, keepDirectory: true)
        cleaned = true
      } else if FileManager.default.fileExists(atPath: layout.clusterState) {
        teardown(nil, keepDirectory: true)
        cleaned = true
      }
      let runtime = try start(options)
      return outcome(runtime, alreadyRunning: false, cleaned: cleaned)
    }
  }

  private func isRunning(_ runtime: LabRuntime) -> Bool {
    guard let state = try? ClusterStore(layout: layout).read() else { return false }
    return runtime.nodes.allSatisfy { node in
      let expectedUp = state.node(node.name).map { $0.power != .off } ?? true
      return !expectedUp || node.pid.map(ProcessTable.isAlive) == true
    }
  }

  private func outcome(_ runtime: LabRuntime, alreadyRunning: Bool, cleaned: Bool) -> LabUpOutcome {
    LabUpOutcome(
      inventory: layout.inventory, mode: runtime.mode, alreadyRunning: alreadyRunning, cleanedUpCrashedLab: cleaned,
      user: runtime.user, nodes: runtime.nodes.map { ($0.name, $0.address, $0.port, $0.pid) },
      clientKey: layout.clientKey, knownHosts: layout.knownHosts,
      corosyncTiming: CorosyncTiming(timeScale: (try? ClusterStore(layout: layout).read().timeScale) ?? 1).explanation)
  }

  private func start(_ options: LabUpOptions) throws -> LabRuntime {
    let mode = LabMode.root
    try checkPrerequisites(options)
    let port = options.port ?? 22
    let addresses = try Self.addresses(from: options.firstAddress, count: options.nodeCount)
    for address in addresses where PortProbe.accepts(address: address, port: port) {
      throw LabError.invalid("something already listens on \(address):\(port); pick another --first-address or --port")
    }
    let user = "root"
    let now = Date().timeIntervalSince1970
    do {
      try KeyGenerator.generate(layout.clientKey, comment: "lifeline-lab-operator")
      try (KeyGenerator.publicKey(layout.clientKey) + "\n").write(
        toFile: layout.authorizedKeys, atomically: false, encoding: .utf8)
      chmod(layout.authorizedKeys, 0o644)

      var state = Seed.state(
        addresses: addresses, timeScale: options.timeScale, now: now, ipmi: options.ipmi, ha: options.ha)
      if options.links == 2 {
        for index in state.nodes.indices {
          state.nodes[index].ring1Address = ClusterNetwork.secondLinkAddress(for: state.nodes[index].address)
        }
      }
      for storage in state.storages {
        if let directory = storage.labDirectory {
          for sub in ["dump", "images", "template/iso", "template/cache"] {
            try FileManager.default.createDirectory(
              atPath: layout.root + "/" + directory + "/" + sub, withIntermediateDirectories: true)
          }
        }
      }
      try NodeProvisioner.makeClusterKey(layout)
      try PmxcfsWriter.writeInitialFiles(state, layout: layout)
      try BackupSeeder.seed(&state, layout: layout, seededAt: now)
      try ClusterStore(layout: layout).create(state)
      try PmxcfsWriter.sync(state, layout: layout, at: now)

      let everyNode = state.nodes.map { (name: $0.name, address: $0.address) }
      var runtime = LabRuntime(
        mode: mode, user: user, simulator: options.simulator,
        nodes: state.nodes.map { LabRuntime.Node(name: $0.name, address: $0.address, port: port) })
      for node in state.nodes {
        try NodeProvisioner.provision(
          layout.node(node.name), address: node.address, port: port, allNodes: everyNode, storages: state.storages,
          lab: layout, simulator: options.simulator, ipmi: options.ipmi)
      }
      try ClusterNetwork.create(
        layout, nodes: state.nodes.map { ($0.name, $0.nodeID, [$0.address] + ($0.ring1Address.map { [$0] } ?? [])) })
      try PmxcfsWriter.writeSSHTrust(state, layout: layout)
      try NodeStateFiles.sync(state, layout: layout)
      try runtime.save(layout)
      for index in runtime.nodes.indices {
        runtime.nodes[index] = try NodeLauncher.start(
          runtime.nodes[index], layout: layout.node(runtime.nodes[index].name))
        try runtime.save(layout)
      }
      try CorosyncSupervisor(layout: layout).apply(state, at: now)
      try waitForMembership(state)
      if options.qdevice {
        try QDevice.setUp(layout, state: state, address: try QDevice.address(nodes: addresses))
        // pvecm qdevice setup: the device section through atomic_write_conf (config_version + 1).
        state = try ClusterStore(layout: layout).update { state in
          state.qdevice = QDeviceSettings(
            host: try QDevice.address(nodes: addresses), nodeCount: state.nodelist.count)
          state.configVersion += 1
          return state
        }
        try waitForMembership(state, withQDeviceVote: true)
      }
      _ = try ClusterStore(layout: layout).read()
      try startAPIServers(&runtime, options: options)
      try runtime.save(layout)
      let keys = try state.nodes.map { node in
        (address: node.address, port: port, key: try KeyGenerator.publicKey(layout.node(node.name).hostKey))
      }
      try InventoryFile.knownHosts(nodes: keys).write(toFile: layout.knownHosts, atomically: false, encoding: .utf8)
      try InventoryFile.text(cluster: state.clusterName, nodes: runtime.nodes, user: user, lab: layout)
        .write(toFile: layout.inventory, atomically: false, encoding: .utf8)
      return runtime
    } catch {
      teardown(try? LabRuntime.load(layout), keepDirectory: true)
      throw error
    }
  }

  /// Starts each node's HTTPS API server, with its own self-signed certificate and the lab's
  /// API token, answering from the same state as the simulated commands. The certificate and
  /// its key are where Proxmox keeps them and pveproxy reads them: the node's `pve-ssl.pem` and
  /// `pve-ssl.key` in /etc/pve/nodes/NODE (pve-cluster's `gen_pve_ssl_cert`), so what a node's
  /// records say of its API is what its API serves.
  private func startAPIServers(_ runtime: inout LabRuntime, options: LabUpOptions) throws {
    try LabAPIServer.makeTokenFile(at: layout.apiToken)
    for index in runtime.nodes.indices {
      let node = runtime.nodes[index]
      let files = layout.node(node.name)
      let directory = layout.pmxcfs + "/nodes/" + node.name
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let certificate = directory + "/pve-ssl.pem"
      let key = directory + "/pve-ssl.key"
      runtime.nodes[index].apiFingerprint = try LabAPIServer.makeCertificate(
        node: node.name, address: node.address, certificate: certificate, key: key)
      runtime.nodes[index].apiPid = try LabAPIServer.start(
        .init(
          node: node.name, address: node.address, certificate: certificate, key: key, tokenFile: layout.apiToken,
          simCommand: options.simulator + ["--state", layout.root, "--node", node.name, "--"],
          script: layout.apiServerScript, log: files.root + "/api.log"))
    }
  }

  private func checkPrerequisites(_ options: LabUpOptions) throws {
    guard (1...16).contains(options.nodeCount) else { throw LabError.invalid("--nodes must be between 1 and 16") }
    guard (1...2).contains(options.links) else { throw LabError.invalid("--links must be 1 or 2") }
    guard options.timeScale > 0, options.timeScale.isFinite else {
      throw LabError.invalid("--time-scale must be above 0")
    }
    guard geteuid() == 0 else {
      throw LabError.unsupported(
        "lab up needs root: each node's real corosync runs in a network namespace of its own, on veths and a bridge that only root can create"
      )
    }
    for program in [
      StartScript.sshd, NodeLauncher.unshare, KeyGenerator.program, LoopbackRoute.program, NodeMembership.nsenter,
      ClusterNetwork.ip, ClusterNetwork.sysctl, CorosyncProcess.corosync, CorosyncProcess.quorumtool,
      CorosyncProcess.cfgtool, CorosyncProcess.keygen,
    ] + (options.qdevice ? QDevice.programs : []) + options.simulator.prefix(1)
    where access(program, X_OK) != 0 {
      throw LabError.unsupported(
        "\(program) is missing or not executable (apt-get install corosync corosync-qdevice corosync-qnetd)")
    }
    _ = try LabAPIServer.scriptFile()
  }

  /// `127.77.0.1`, `127.77.0.2`, …: loopback addresses only.
  static func addresses(from first: String, count: Int) throws -> [String] {
    let octets = first.split(separator: ".").compactMap { Int($0) }
    guard octets.count == 4, octets[0] == 127, octets.allSatisfy({ (0...255).contains($0) }), octets[3] >= 1,
      octets[3] + count - 1 <= 254
    else {
      throw LabError.invalid("--first-address must be a 127.x.y.z loopback address with room for \(count) nodes")
    }
    return (0..<count).map { "127.\(octets[1]).\(octets[2]).\(octets[3] + $0)" }
  }

  // MARK: down

  /// Stops every process the lab started (by PID, via the nodes' namespaces) and removes what
  /// `up` created. Returns the PIDs it stopped.
  @discardableResult
  public func down() throws -> [Int32] {
    guard FileManager.default.fileExists(atPath: layout.root) else { throw LabError.notRunning(layout.root) }
    return try FileLock.withLock(layout.labLock) {
      let runtime = try? LabRuntime.load(layout)
      guard runtime != nil || FileManager.default.fileExists(atPath: layout.clusterState) else {
        throw LabError.notRunning(layout.root)
      }
      return teardown(runtime)
    }
  }

  /// Stops the nodes and removes what `up` created; the directory itself goes too unless `up`
  /// is about to fill it again (it holds the lock then).
  @discardableResult
  private func teardown(_ runtime: LabRuntime?, keepDirectory: Bool = false) -> [Int32] {
    var stopped: [Int32] = []
    let nodeNames = (try? FileManager.default.contentsOfDirectory(atPath: layout.nodesDirectory)) ?? []
    for name in nodeNames {
      let files = layout.node(name)
      if let pid = CorosyncProcess.pid(files) { stopped.append(pid) }
      if let qdevice = QDevice.stop(files, abruptly: true) { stopped.append(qdevice) }
      CorosyncProcess.stop(files, abruptly: true)
      CorosyncProcess.reapEnded(files)
    }
    if let qnetd = QDevice.stopQNetd(layout) { stopped.append(qnetd) }
    for node in runtime?.nodes ?? [] {
      if let api = node.apiPid {
        LabAPIServer.stop(pid: api, script: layout.apiServerScript)
        stopped.append(api)
      }
      stopped += NodeLauncher.processes(of: node)
      NodeLauncher.stop(node)
      LoopbackRoute.unblock(node.address)
    }
    ClusterNetwork.remove(layout)
    for name in nodeNames {
      // overlayfs leaves its work/work directory with mode 000; without root it must be opened first.
      chmod(layout.node(name).etcWork + "/work", 0o700)
    }
    for entry in layout.createdEntries { try? FileManager.default.removeItem(atPath: entry) }
    if !keepDirectory {
      try? FileManager.default.removeItem(atPath: layout.labLock)
      rmdir(layout.root)
    }
    return stopped
  }
}
