import Foundation
import Glibc

/// The `lifeline` executable under test: `$LIFELINE_BINARY`, else the one built next to
/// these tests, else `.build/debug/lifeline` of the package.
enum ReliabilityBinary {
  static var path: String {
    if let chosen = ProcessInfo.processInfo.environment["LIFELINE_BINARY"], !chosen.isEmpty { return chosen }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for folder in [beside, beside.deletingLastPathComponent()] {
      let candidate = folder.appendingPathComponent("lifeline").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return packageRoot + "/.build/debug/lifeline"
  }

  /// The package root: this file is `Tests/LifelineCLITests/ReliabilityProcess.swift` in it.
  static var packageRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }
}

/// One `lifeline` process, started with `posix_spawn` and waited for by its own PID.
///
/// Not Foundation's `Process`: its one monitoring thread can stall behind a child that closes
/// inherited descriptors (sshd does), and these tests need the PID to kill the run at random
/// moments. Standard output and error go to files, so no pipe can fill up and block the run,
/// and a test can read what a killed run had printed.
final class LifelineProcess: @unchecked Sendable {
  let pid: pid_t
  let stdoutFile: String
  let stderrFile: String
  let arguments: [String]
  private let lock = NSLock()
  private var raw: Int32?

  /// `input` is what stdin reads (a FIFO the test writes to, for a console that waits).
  init(
    arguments: [String], directory: String, environment: [String: String], logs: String, input: String = "/dev/null"
  ) throws {
    self.arguments = arguments
    stdoutFile = logs + ".out"
    stderrFile = logs + ".err"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderrFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    Self.closeInheritedDescriptors(&actions)
    Self.changeDirectory(&actions, to: directory)

    // Threads of Swift's pool block most signals, and a spawned child inherits the mask.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var caughtSignals = sigset_t()
    sigfillset(&caughtSignals)
    sigdelset(&caughtSignals, SIGKILL)
    sigdelset(&caughtSignals, SIGSTOP)
    posix_spawnattr_setsigdefault(&attributes, &caughtSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let executable = ReliabilityBinary.path
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let code = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    guard code == 0 else {
      throw ReliabilityError("cannot start \(executable): \(String(cString: strerror(code)))")
    }
    pid = child
  }

  deinit {
    if lock.withLock({ raw == nil }) {
      kill(pid, SIGKILL)
      _ = wait(within: .seconds(60))
    }
  }

  /// True once the process has ended (and been reaped).
  var hasExited: Bool {
    lock.withLock {
      if raw != nil { return true }
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid { raw = status }
      return raw != nil
    }
  }

  /// Waits for the process to end: its exit status, or 128 + the signal that ended it; nil
  /// when it is still running after `limit` (then it is left running: the caller decides).
  func wait(within limit: Duration) -> Int32? {
    guard Reliability.waitUntil(within: limit, { hasExited }) else { return nil }
    let status = lock.withLock { raw ?? 0 }
    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }

  func signal(_ signal: Int32) {
    if !hasExited { kill(pid, signal) }
  }

  var stdout: Data { FileManager.default.contents(atPath: stdoutFile) ?? Data() }
  var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  var stderr: Data { FileManager.default.contents(atPath: stderrFile) ?? Data() }
  var stderrText: String { String(decoding: stderr, as: UTF8.self) }

  private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
  }

  /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29), which Swift's Glibc module does not
  /// declare.
  private static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, to directory: String) {
    typealias AddChdir =
      @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) ->
      Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return }
    _ = directory.withCString { unsafeBitCast(symbol, to: AddChdir.self)(&actions, $0) }
  }
}

/// What a finished `lifeline` run left: its status and what it printed.
struct FinishedRun: CustomStringConvertible {
  var status: Int32
  var stdout: Data
  var stderr: String
  var arguments: [String]

  var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

  var description: String {
    "lifeline \(arguments.joined(separator: " ")) → \(status)\n--- stdout\n\(stdoutText.suffix(4000))\n--- stderr\n\(stderr.suffix(4000))"
  }
}

struct ReliabilityError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Shared knobs and helpers of the reliability suite.
enum Reliability {
  /// `LIFELINE_RELIABILITY_SCALE`: multiplies the soak counts (default 1: the full counts;
  /// 0.2 gives a quick pass; 2 a longer soak).
  static var scale: Double {
    guard let text = ProcessInfo.processInfo.environment["LIFELINE_RELIABILITY_SCALE"], let value = Double(text),
      value > 0
    else { return 1 }
    return value
  }

  /// `full` scaled, at least 1.
  static func count(_ full: Int) -> Int { max(1, Int((Double(full) * scale).rounded())) }

  /// `LIFELINE_RELIABILITY_SEED` when set, else a fresh one; printed by every test that uses it
  /// so a failing run can be repeated exactly.
  static func seed(for test: String) -> UInt64 {
    let seed: UInt64
    if let text = ProcessInfo.processInfo.environment["LIFELINE_RELIABILITY_SEED"], let value = UInt64(text) {
      seed = value
    } else {
      seed = UInt64.random(in: 1...UInt64(UInt32.max))
    }
    print("reliability: \(test): seed \(seed) (repeat with LIFELINE_RELIABILITY_SEED=\(seed))")
    return seed
  }

  /// Polls `condition` every 20 ms until it holds or `limit` passes. Limits are generous:
  /// they only keep a broken run from hanging the suite, they never judge speed.
  static func waitUntil(within limit: Duration, _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
      if condition() { return true }
      usleep(20_000)
    }
    return condition()
  }

  static func sleep(milliseconds: Int) {
    usleep(useconds_t(milliseconds * 1000))
  }
}

/// SplitMix64: a small seeded generator, so a run's faults can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
