import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What /proc says about processes: liveness, namespaces, and which processes share a node's
/// namespaces (the sshd and every session it started).
enum ProcessTable {
  /// True while the process exists and is not a zombie.
  static func isAlive(_ pid: Int32) -> Bool {
    guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
    return state(of: pid).map { $0 != "Z" && $0 != "X" } ?? false
  }

  /// True when the process is stopped by a signal (`T`).
  static func isStopped(_ pid: Int32) -> Bool {
    state(of: pid) == "T"
  }

  /// The one-letter scheduler state from /proc/PID/stat.
  static func state(of pid: Int32) -> Character? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    return stat[close...].dropFirst().first { $0 != " " }
  }

  /// The namespace identity (`mnt:[4026532…]`) of a process, or nil when it cannot be read.
  static func namespace(_ kind: String, of pid: Int32) -> String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/\(kind)")
  }

  /// Every process whose mount and UTS namespaces are exactly the given ones.
  static func members(mountNamespace: String, utsNamespace: String) -> [Int32] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    return entries.compactMap { Int32($0) }.filter { pid in
      pid != getpid() && namespace("mnt", of: pid) == mountNamespace && namespace("uts", of: pid) == utsNamespace
    }.sorted()
  }

  /// Collects the exit status of our own child, if it is one; others are reaped by their parent.
  static func reapIfChild(_ pid: Int32) {
    var status: Int32 = 0
    _ = waitpid(pid, &status, WNOHANG)
  }

  /// Sends `signal` to each process, ignoring ones that are already gone.
  static func signal(_ pids: [Int32], _ signal: Int32) {
    for pid in pids { kill(pid, signal) }
  }

  /// Stops the processes for good: continue them (a stopped process ignores SIGTERM), ask them to
  /// end, then kill whatever is left after a short grace period.
  static func terminate(_ pids: [Int32]) {
    guard !pids.isEmpty else { return }
    signal(pids, SIGCONT)
    signal(pids, SIGTERM)
    let deadline = Date().addingTimeInterval(2)
    while Date() < deadline {
      pids.forEach(reapIfChild)
      if !pids.contains(where: isAlive) { return }
      usleep(20_000)
    }
    signal(pids, SIGKILL)
    let killDeadline = Date().addingTimeInterval(2)
    while Date() < killDeadline {
      pids.forEach(reapIfChild)
      if !pids.contains(where: isAlive) { return }
      usleep(20_000)
    }
  }
}
