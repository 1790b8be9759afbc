import Foundation
import LifelineCore

/// Runs commands on the operator's machine as `/bin/sh -c COMMAND`.
///
/// Each command leads a process group of its own and is watched by a thread of its own, so
/// neither a long command nor a blocked read ever holds one of Swift's cooperative threads. On
/// timeout or task cancellation the whole group gets TERM, then KILL after
/// ``terminationGrace``.
public struct LocalExecutor: CommandExecutor {
  public var shell: String
  /// How long the process group has to end after TERM before it gets KILL.
  public var terminationGrace: Duration

  public init(shell: String = "/bin/sh", terminationGrace: Duration = .seconds(2)) {
    self.shell = shell
    self.terminationGrace = terminationGrace
  }

  public func run(
    _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
  ) async -> CommandOutcome {
    guard request.target == .local else {
      return .failed(.other("the local executor cannot reach node '\(request.target)'"))
    }
    guard !request.command.utf8.contains(0) else {
      return .failed(.other("the command contains a NUL byte, which no shell can receive"))
    }
    if Task.isCancelled { return .failed(.cancelled) }
    let child: ChildProcess
    do {
      child = try ChildProcess(executable: shell, arguments: [shell, "-c", request.command])
    } catch {
      return .failed(.other(error.description))
    }
    let run = ProcessRun(
      child: child, limit: request.timeout, terminationGrace: terminationGrace,
      cancellation: CancellationFlag(), events: events)
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let watcher = Thread { continuation.resume(returning: run.waitForOutcome()) }
        watcher.name = "local \(child.pid)"
        watcher.start()
      }
    } onCancel: {
      run.cancellation.cancel()
    }
  }
}
