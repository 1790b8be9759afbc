import Foundation
import LifelineSystem

/// A helper program a fixture starts (sshd, ssh-agent, ssh-keygen), with LifelineSystem's
/// ``ChildProcess``, and kills when it is dropped still running.
final class FixtureProcess {
  private let child: ChildProcess

  var pid: pid_t { child.pid }

  /// Starts `executable` with stdin on /dev/null, and stdout and stderr on `output` (a pipe's
  /// write end) or /dev/null. Extra `environment` entries override the inherited ones.
  init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], output: Int32? = nil)
    throws
  {
    let destination = output.map(ChildProcess.Output.descriptor) ?? .nullDevice
    do {
      child = try ChildProcess(
        executable: executable, arguments: [executable] + arguments, stdout: destination, stderr: destination,
        environment: environment, grouping: .inherited)
    } catch {
      throw SSHFixtureError(error.description)
    }
  }

  deinit {
    if isRunning {
      child.signal(SIGKILL)
      wait()
    }
  }

  var isRunning: Bool { child.reapIfExited() == nil }

  func signal(_ signal: Int32) { child.signal(signal) }

  /// Waits for the program to end; its exit status, or 128 + the signal that ended it.
  @discardableResult
  func wait() -> Int32 { ProcessExitStatus.shellStatus(of: child.reap()) }
}
