import Foundation
import LifelineSystem

/// The lab's programs, started with LifelineSystem's ``ChildProcess`` and reaped by their own PID,
/// with their output in files: a daemon a program leaves behind cannot hold a pipe open.
enum Subprocess {
  /// What a program printed (stdout and stderr together) and how it ended.
  struct Completion {
    var status: Int32
    var output: String
    var succeeded: Bool { status == 0 }
  }

  /// Runs a program to completion and collects its combined output; with a `timeout`, kills it
  /// when it outlives that many seconds (status 128 + SIGKILL then).
  static func run(_ executable: String, _ arguments: [String], timeout: Double? = nil) throws -> Completion {
    let capture = captureFile()
    defer { unlink(capture) }
    let child = try spawn(executable, arguments, stdout: .file(capture, append: true), stderr: .standardOutput)
    let status = waitForExit(child, killingAfter: timeout)
    return Completion(status: status, output: (try? String(contentsOfFile: capture, encoding: .utf8)) ?? "")
  }

  /// Runs a program to completion with its stdout and stderr apart; with a `timeout`, kills it
  /// when it outlives that many seconds.
  static func runSeparately(_ executable: String, _ arguments: [String], timeout: Double? = nil) throws
    -> SimulationResult
  {
    let base = captureFile()
    defer {
      unlink(base + ".out")
      unlink(base + ".err")
    }
    let child = try spawn(
      executable, arguments, stdout: .file(base + ".out", append: true), stderr: .file(base + ".err", append: true))
    let status = waitForExit(child, killingAfter: timeout)
    return SimulationResult(
      stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "", status: status)
  }

  /// Starts a long-running program in a session of its own, detached from our terminal, with its
  /// output appended to `logFile`.
  static func spawnDetached(_ executable: String, _ arguments: [String], logFile: String) throws -> pid_t {
    try spawn(
      executable, arguments, stdout: .file(logFile, append: true), stderr: .standardOutput, grouping: .ownSession
    ).pid
  }

  private static func captureFile() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-lab-\(getpid())-\(UUID().uuidString)")
      .path
  }

  /// Waits for a child, for at most `timeout` seconds when given, then kills it; returns its exit
  /// status (128 + signal when it was killed).
  private static func waitForExit(_ child: ChildProcess, killingAfter timeout: Double?) -> Int32 {
    if let timeout, child.wait(within: .milliseconds(Int64(timeout * 1000))) == nil { child.signal(SIGKILL) }
    return ProcessExitStatus.shellStatus(of: child.reap())
  }

  private static func spawn(
    _ executable: String, _ arguments: [String], stdout: ChildProcess.Output, stderr: ChildProcess.Output,
    grouping: ChildProcess.Grouping = .inherited
  ) throws -> ChildProcess {
    do {
      return try ChildProcess(
        executable: executable, arguments: [executable] + arguments, stdout: stdout, stderr: stderr,
        grouping: grouping)
    } catch {
      throw LabError.cannotRun(executable, error.reason)
    }
  }
}
