import Foundation
import Glibc
import LifelineSystem

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

/// One `lifeline` process, started with LifelineSystem's ``ChildProcess`` and waited for by its
/// own PID, which these tests need to kill the run at random moments. Standard output and error
/// go to files, so no pipe can fill up and block the run, and a test can read what a killed run
/// had printed.
final class LifelineProcess: Sendable {
  private let child: ChildProcess
  let stdoutFile: String
  let stderrFile: String
  let arguments: [String]

  var pid: pid_t { child.pid }

  /// `input` is what stdin reads (a FIFO the test writes to, for a console that waits).
  init(
    arguments: [String], directory: String, environment: [String: String], logs: String, input: String = "/dev/null"
  ) throws {
    self.arguments = arguments
    stdoutFile = logs + ".out"
    stderrFile = logs + ".err"
    let executable = ReliabilityBinary.path
    do {
      child = try ChildProcess(
        executable: executable, arguments: [executable] + arguments, input: input,
        stdout: .file(stdoutFile, append: false), stderr: .file(stderrFile, append: false), environment: environment,
        inheritingEnvironment: false, directory: directory, grouping: .inherited)
    } catch {
      throw ReliabilityError(error.description)
    }
  }

  deinit {
    if !hasExited {
      child.signal(SIGKILL)
      _ = wait(within: .seconds(60))
    }
  }

  /// True once the process has ended (and been reaped).
  var hasExited: Bool { child.reapIfExited() != nil }

  /// Waits for the process to end: its exit status, or 128 + the signal that ended it; nil
  /// when it is still running after `limit` (then it is left running: the caller decides).
  func wait(within limit: Duration) -> Int32? {
    guard Reliability.waitUntil(within: limit, { hasExited }), let status = child.reapIfExited() else { return nil }
    return ProcessExitStatus.shellStatus(of: status)
  }

  func signal(_ signal: Int32) { child.signal(signal) }

  var stdout: Data { FileManager.default.contents(atPath: stdoutFile) ?? Data() }
  var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  var stderr: Data { FileManager.default.contents(atPath: stderrFile) ?? Data() }
  var stderrText: String { String(decoding: stderr, as: UTF8.self) }
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
