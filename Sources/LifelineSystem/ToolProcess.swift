import Foundation
import LifelineCore
import Synchronization

/// Runs a local tool (`ssh-keygen`, `ssh-add`) to its end on the calling thread: by its PID,
/// in a session of its own without a terminal, stopped when it passes `timeout`.
struct ToolProcess {
  struct Result {
    var outcome: CommandOutcome
    var stdout: String
    var stderr: String

    var succeeded: Bool { outcome == .exited(0) }

    /// The tool's last line of complaint, for an error message.
    var complaint: String {
      let said = (stderr + stdout).split(separator: "\n").last.map(String.init)
      switch outcome {
      case .exited(let status): return said ?? "exit \(status)"
      case .signaled(let signal): return "killed by \(signal)"
      case .failed(let failure): return failure.reason
      }
    }
  }

  static func run(
    _ executable: String, _ arguments: [String], input: String = "/dev/null", environment: [String: String] = [:],
    timeout: Duration = .seconds(20)
  ) -> Result {
    let child: ChildProcess
    do {
      child = try ChildProcess(
        executable: executable, arguments: [executable] + arguments, input: input, environment: environment,
        grouping: .ownSession)
    } catch {
      return Result(outcome: .failed(.other(error.description)), stdout: "", stderr: "")
    }
    // The watcher calls back on this very thread; the mutex only satisfies `Sendable`.
    let collected = Mutex((stdout: OutputTail(), stderr: OutputTail()))
    let run = ProcessRun(
      child: child, limit: timeout, terminationGrace: .seconds(1), cancellation: CancellationFlag(),
      events: { event in
        guard case .output(let stream, let bytes) = event else { return }
        collected.withLock { tails in
          switch stream {
          case .stdout: tails.stdout.append(bytes)
          case .stderr: tails.stderr.append(bytes)
          }
        }
      })
    let outcome = run.waitForOutcome()
    return collected.withLock { Result(outcome: outcome, stdout: $0.stdout.text, stderr: $0.stderr.text) }
  }
}
