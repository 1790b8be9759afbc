import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Starts programs with `posix_spawn`, so the lab controls sessions, file descriptors and reaping
/// itself instead of sharing them with Foundation's `Process` bookkeeping.
enum Subprocess {
  /// What a program printed (stdout and stderr together) and how it ended.
  struct Completion {
    var status: Int32
    var output: String
    var succeeded: Bool { status == 0 }
  }

  /// Runs a program to completion and collects its combined output.
  static func run(_ executable: String, _ arguments: [String]) throws -> Completion {
    let capture = FileManager.default.temporaryDirectory
      .appendingPathComponent("lifeline-lab-\(getpid())-\(UUID().uuidString)").path
    defer { unlink(capture) }
    let pid = try spawn(executable, arguments, outputFile: capture, newSession: false)
    let status = waitForExit(pid)
    let output = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
    return Completion(status: status, output: output)
  }

  /// Runs a program and collects its combined output; kills it when it outlives `timeout`
  /// seconds (status 128 + SIGKILL then).
  static func run(_ executable: String, _ arguments: [String], timeout: Double) throws -> Completion {
    let capture = FileManager.default.temporaryDirectory
      .appendingPathComponent("lifeline-lab-\(getpid())-\(UUID().uuidString)").path
    defer { unlink(capture) }
    let pid = try spawn(executable, arguments, outputFile: capture, newSession: false)
    let status = waitForExit(pid, killingAfter: timeout)
    return Completion(status: status, output: (try? String(contentsOfFile: capture, encoding: .utf8)) ?? "")
  }

  /// Waits for a child for at most `timeout` seconds, then kills it; returns its exit status.
  static func waitForExit(_ pid: pid_t, killingAfter timeout: Double) -> Int32 {
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
      if Date() > deadline {
        kill(pid, SIGKILL)
        return waitForExit(pid)
      }
      usleep(2_000)
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  /// Runs a program to completion with its stdout and stderr apart; with a `timeout`, kills it
  /// when it outlives that many seconds.
  static func runSeparately(_ executable: String, _ arguments: [String], timeout: Double? = nil) throws
    -> SimulationResult
  {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lifeline-lab-\(getpid())-\(UUID().uuidString)"
    ).path
    defer {
      unlink(base + ".out")
      unlink(base + ".err")
    }
    let pid = try spawn(executable, arguments, outputFile: base + ".out", errorFile: base + ".err", newSession: false)
    let status = timeout.map { waitForExit(pid, killingAfter: $0) } ?? waitForExit(pid)
    return SimulationResult(
      stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "", status: status)
  }

  /// Starts a long-running program in a session of its own, detached from our terminal, with its
  /// output appended to `logFile`.
  static func spawnDetached(_ executable: String, _ arguments: [String], logFile: String) throws -> pid_t {
    try spawn(executable, arguments, outputFile: logFile, newSession: true)
  }

  /// Waits for a child and returns its exit status (128 + signal when it was killed).
  static func waitForExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
      if errno != EINTR { return -1 }
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  /// - Parameter errorFile: where stderr goes; nil: with stdout.
  private static func spawn(
    _ executable: String, _ arguments: [String], outputFile: String, errorFile: String? = nil, newSession: Bool
  ) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    if let errorFile {
      posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    } else {
      posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaultSignals = sigset_t()
    sigfillset(&defaultSignals)
    posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
    var noMask = sigset_t()
    sigemptyset(&noMask)
    posix_spawnattr_setsigmask(&attributes, &noMask)
    let sessionFlag: Int32 = newSession ? 0x80 : 0  // POSIX_SPAWN_SETSID, not exported to Swift
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | sessionFlag))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    guard result == 0 else {
      throw LabError.cannotRun(executable, String(cString: strerror(result)))
    }
    return pid
  }
}
