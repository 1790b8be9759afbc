import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One node's real corosync (Debian's corosync 3 with knet): started as `corosync -f` inside the
/// node's network namespace and a private mount namespace of its own (its own /run,
/// /var/lib/corosync and /etc/corosync), and known by the PID in its PID file.
enum CorosyncProcess {
  static let corosync = "/usr/sbin/corosync"
  static let quorumtool = "/usr/sbin/corosync-quorumtool"
  static let cfgtool = "/usr/sbin/corosync-cfgtool"
  static let keygen = "/usr/sbin/corosync-keygen"
  static let nsenter = "/usr/bin/nsenter"
  static let unshare = "/usr/bin/unshare"
  /// How long a corosync tool may take to answer before the node counts as not answering.
  static let toolTimeout = 3.0

  /// The running corosync of the node, if any (a PID whose command is still corosync). One that
  /// exited is reaped here when it is our child.
  static func pid(_ node: NodeLayout) -> Int32? {
    guard let text = try? String(contentsOfFile: node.corosyncPIDFile, encoding: .utf8),
      let pid = text.split(separator: " ").first.flatMap({ Int32($0) })
    else { return nil }
    guard ProcessTable.isAlive(pid) else {
      ProcessTable.reapIfChild(pid)
      return nil
    }
    guard
      let command = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
      command.hasPrefix("corosync")
    else { return nil }
    return pid
  }

  /// Which start of the unit the running corosync belongs to (see ``CorosyncSupervisor``).
  static func generation(_ node: NodeLayout) -> String? {
    guard let text = try? String(contentsOfFile: node.corosyncPIDFile, encoding: .utf8) else { return nil }
    return text.split(separator: " ", maxSplits: 1).dropFirst().first.map {
      $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  /// Starts corosync in the node's namespaces; its stderr goes on the node's corosync log.
  static func start(_ node: NodeLayout, lab: LabLayout, generation: String) throws {
    let manager = FileManager.default
    for directory in [node.corosyncRun, node.corosyncLib] {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    let q = ShellQuote.quote
    let script = [
      "mount --bind \(q(node.corosyncRun)) /run",
      "mount --bind \(q(node.corosyncLib)) /var/lib/corosync",
      "mount --bind \(q(node.corosyncEtc)) /etc/corosync",
      "echo \"\(CorosyncLog.startMarker)$$\"",
      "exec \(corosync) -f",
    ].joined(separator: " && ")
    let pid = try Subprocess.spawnDetached(
      nsenter,
      [
        "--net=\(lab.networkNamespace(node.name))", "--", unshare, "--mount", "--propagation", "private", "--",
        "/bin/sh", "-c", script,
      ], logFile: node.corosyncLog)
    try "\(pid) \(generation)\n".write(toFile: node.corosyncPIDFile, atomically: false, encoding: .utf8)
    if let history = FileHandle(forWritingAtPath: node.corosyncStarted)
      ?? {
        FileManager.default.createFile(atPath: node.corosyncStarted, contents: nil)
        return FileHandle(forWritingAtPath: node.corosyncStarted)
      }()
    {
      history.seekToEndOfFile()
      history.write(Data("\(pid)\n".utf8))
      history.closeFile()
    }
  }

  /// Stops the node's corosync: SIGTERM lets it leave the membership cleanly; `abruptly` kills it
  /// as a power loss or crash would, so the others notice only when the token times out.
  static func stop(_ node: NodeLayout, abruptly: Bool) {
    guard let pid = pid(node) else { return }
    if abruptly {
      kill(pid, SIGCONT)
      kill(pid, SIGKILL)
      let deadline = Date().addingTimeInterval(2)
      while ProcessTable.isAlive(pid), Date() < deadline { usleep(10_000) }
      ProcessTable.reapIfChild(pid)
    } else {
      ProcessTable.terminate([pid])
    }
    unlink(node.corosyncPIDFile)
  }

  /// Collects the exit status of every corosync of the node that this process started and that
  /// has ended since (another process may have stopped it); the others' parents reap theirs.
  static func reapEnded(_ node: NodeLayout) {
    let text = (try? String(contentsOfFile: node.corosyncStarted, encoding: .utf8)) ?? ""
    for pid in text.split(separator: "\n").compactMap({ Int32($0) }) where !ProcessTable.isAlive(pid) {
      ProcessTable.reapIfChild(pid)
    }
  }

  /// Runs one of corosync's tools in the node's network namespace, where its IPC sockets are.
  static func tool(_ program: String, _ arguments: [String], node: String, lab: LabLayout) throws
    -> Subprocess.Completion
  {
    try Subprocess.run(
      nsenter, ["--net=\(lab.networkNamespace(node))", "--", program] + arguments, timeout: toolTimeout)
  }
}
