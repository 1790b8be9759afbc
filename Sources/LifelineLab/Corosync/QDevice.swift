import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The lab's QDevice (`lab up --qdevice`): Debian's corosync-qnetd in a namespace of its own on
/// the cluster network, standing in for the NAS (it has the storages' server address, `.98`), and
/// Debian's corosync-qdevice beside every node's corosync, each known by its PID. The certificates
/// are made as `pvecm qdevice setup` makes them (`PVE::CLI::pvecm` `setup_qdevice`), with the same
/// certutil calls, each in a mount namespace where the host's own directory is /etc/corosync.
enum QDevice {
  static let qnetd = "/usr/bin/corosync-qnetd"
  static let daemon = "/usr/sbin/corosync-qdevice"
  static let qnetdCertutil = "/usr/bin/corosync-qnetd-certutil"
  static let nodeCertutil = "/usr/sbin/corosync-qdevice-net-certutil"
  static let programs = [qnetd, daemon, qnetdCertutil, nodeCertutil]
  /// The last octet of the qnetd's address: the NAS of storage.cfg (`server 127.77.0.98`).
  static let hostOctet = 98

  /// The qnetd's address on link 0: `.98` of the nodes' /24.
  static func address(nodes: [String]) throws -> String {
    guard let first = nodes.first else { throw LabError.invalid("--qdevice needs nodes") }
    let address = first.split(separator: ".").dropLast().joined(separator: ".") + ".\(hostOctet)"
    guard !nodes.contains(address) else {
      throw LabError.invalid(
        "--qdevice puts corosync-qnetd at \(address), which a node has; pick another --first-address")
    }
    return address
  }

  /// The qnetd host's /etc/corosync.
  private static func etc(_ lab: LabLayout) -> String { lab.qnetd + "/etc" }
  private static func pidFile(_ lab: LabLayout) -> String { lab.qnetd + "/qnetd.pid" }
  static func log(_ lab: LabLayout) -> String { lab.qnetd + "/qnetd.log" }

  /// Creates the qnetd's namespace and every certificate, then starts corosync-qnetd.
  static func setUp(_ lab: LabLayout, state: ClusterState, address: String) throws {
    let manager = FileManager.default
    for directory in [etc(lab), lab.qnetd + "/run", lab.qnetd + "/transfer"] {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    try ClusterNetwork.attach(lab, namespace: lab.qnetdNamespace, links: [(address: address, port: "qnetdl0")])
    let transfer = lab.qnetd + "/transfer"
    let nodeDB = "/etc/corosync/qdevice/net/nssdb"
    let cluster = state.clusterName
    let nodes = state.nodelist.sorted { $0.name < $1.name }
    guard let first = nodes.first else { return }
    // pvecm: "initializing qnetd server", then the CA certificate to every node.
    try certutil(etc(lab), [qnetdCertutil, "-i"])
    try copy(etc(lab) + "/qnetd/nssdb/qnetd-cacert.crt", to: transfer + "/qnetd-cacert.crt")
    for node in nodes {
      try certutil(lab.node(node.name).corosyncEtc, [nodeCertutil, "-i", "-c", transfer + "/qnetd-cacert.crt"])
    }
    // "generating cert request" on the first node, signed by the qnetd, imported back.
    let firstEtc = lab.node(first.name).corosyncEtc
    try certutil(firstEtc, [nodeCertutil, "-r", "-n", cluster])
    try copy(firstEtc + "/qdevice/net/nssdb/qdevice-net-node.crq", to: transfer + "/qdevice-net-node.crq")
    try certutil(etc(lab), [qnetdCertutil, "-s", "-c", transfer + "/qdevice-net-node.crq", "-n", cluster])
    try copy(
      etc(lab) + "/qnetd/nssdb/cluster-\(cluster).crt", to: firstEtc + "/qdevice/net/nssdb/cluster-\(cluster).crt")
    try certutil(firstEtc, [nodeCertutil, "-M", "-c", "\(nodeDB)/cluster-\(cluster).crt"])
    // "copy and import pk12 cert to all nodes".
    try copy(firstEtc + "/qdevice/net/nssdb/qdevice-net-node.p12", to: transfer + "/qdevice-net-node.p12")
    for node in nodes.dropFirst() {
      try certutil(lab.node(node.name).corosyncEtc, [nodeCertutil, "-m", "-c", transfer + "/qdevice-net-node.p12"])
    }
    try startQNetd(lab)
  }

  /// Runs one certutil with `etcDirectory` as /etc/corosync.
  private static func certutil(_ etcDirectory: String, _ command: [String]) throws {
    let q = ShellQuote.quote
    let script = "mount --bind \(q(etcDirectory)) /etc/corosync && exec " + command.map(q).joined(separator: " ")
    let result = try Subprocess.run(
      CorosyncProcess.unshare, ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", script])
    guard result.succeeded else { throw LabError.cannotRun(command.joined(separator: " "), result.output) }
  }

  private static func copy(_ source: String, to destination: String) throws {
    try? FileManager.default.removeItem(atPath: destination)
    try FileManager.default.copyItem(atPath: source, toPath: destination)
  }

  private static func startQNetd(_ lab: LabLayout) throws {
    let q = ShellQuote.quote
    let script = [
      "mount --bind \(q(etc(lab))) /etc/corosync", "mount --bind \(q(lab.qnetd + "/run")) /run", "exec \(qnetd) -f",
    ].joined(separator: " && ")
    let pid = try Subprocess.spawnDetached(
      CorosyncProcess.nsenter,
      [
        "--net=\(lab.qnetdNamespace)", "--", CorosyncProcess.unshare, "--mount", "--propagation", "private", "--",
        "/bin/sh", "-c", script,
      ], logFile: log(lab))
    try "\(pid)\n".write(toFile: pidFile(lab), atomically: false, encoding: .utf8)
  }

  /// Stops corosync-qnetd, if the lab started one.
  static func stopQNetd(_ lab: LabLayout) -> Int32? {
    guard let pid = running(pidFile(lab), command: "corosync-qnetd") else { return nil }
    ProcessTable.terminate([pid])
    unlink(pidFile(lab))
    return pid
  }

  /// Whether the node has its NSS database (a reinstalled node lost it).
  static func hasCertificates(_ node: NodeLayout) -> Bool {
    FileManager.default.fileExists(atPath: node.corosyncEtc + "/qdevice/net/nssdb/cert9.db")
  }

  /// The node's running corosync-qdevice, if any.
  static func pid(_ node: NodeLayout) -> Int32? { running(node.qdevicePIDFile, command: "corosync-qdevi") }

  /// Starts corosync-qdevice in the node's namespaces, beside its corosync (the same /run and
  /// /etc/corosync), so it reaches corosync's IPC and its NSS database.
  static func start(_ node: NodeLayout, lab: LabLayout) throws {
    let q = ShellQuote.quote
    let script = [
      "mount --bind \(q(node.corosyncRun)) /run", "mount --bind \(q(node.corosyncEtc)) /etc/corosync",
      "exec \(daemon) -f",
    ].joined(separator: " && ")
    let pid = try Subprocess.spawnDetached(
      CorosyncProcess.nsenter,
      [
        "--net=\(lab.networkNamespace(node.name))", "--", CorosyncProcess.unshare, "--mount", "--propagation",
        "private", "--", "/bin/sh", "-c", script,
      ], logFile: node.qdeviceLog)
    try "\(pid)\n".write(toFile: node.qdevicePIDFile, atomically: false, encoding: .utf8)
  }

  /// Stops the node's corosync-qdevice (SIGKILL when the node loses power).
  @discardableResult
  static func stop(_ node: NodeLayout, abruptly: Bool) -> Int32? {
    guard let pid = pid(node) else { return nil }
    if abruptly {
      kill(pid, SIGCONT)
      kill(pid, SIGKILL)
      let deadline = Date().addingTimeInterval(2)
      while ProcessTable.isAlive(pid), Date() < deadline { usleep(10_000) }
      ProcessTable.reapIfChild(pid)
    } else {
      ProcessTable.terminate([pid])
    }
    unlink(node.qdevicePIDFile)
    return pid
  }

  /// The PID in `file` while that process still runs `command` (`/proc/PID/comm`, at most 15
  /// characters); one that ended is reaped when it is our child.
  private static func running(_ file: String, command: String) -> Int32? {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8),
      let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    else { return nil }
    guard ProcessTable.isAlive(pid) else {
      ProcessTable.reapIfChild(pid)
      return nil
    }
    let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
    return comm.hasPrefix(command) ? pid : nil
  }
}
