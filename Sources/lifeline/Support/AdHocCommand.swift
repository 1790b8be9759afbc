import Foundation
import LifelineCore

/// One command outside any runbook (`lifeline exec`, the REPL's `exec`): streamed to the
/// screen and recorded with exec.start, output and exec.end events.
enum AdHocCommand {
  static func run(
    _ command: String, on target: ExecutionTarget, timeout: Duration, executor: any CommandExecutor,
    recorder: any TranscriptRecorder, canceller: StepCanceller, printer: ProgressPrinter
  ) async -> RunResult {
    let node = target.description
    let tails = TailBox()
    let clock = ContinuousClock()
    let started = clock.now
    let task = Task {
      await executor.run(CommandRequest(command: command, target: target, timeout: timeout)) { event in
        switch event {
        case .output(let stream, let bytes):
          tails.append(stream, bytes)
          try? recorder.recordOutput(OutputChunk(step: nil, node: node, stream: stream, bytes: bytes)) { shown in
            printer.show(.output(stepID: "exec", node: node, stream: stream, bytes: shown))
          }
        case .connection(let connection):
          try? recorder.record(.connection(connection))
          printer.show(.connection(connection))
        }
      }
    }
    canceller.begin { task.cancel() }
    let outcome = await task.value
    canceller.end()
    let (stdout, stderr) = tails.value
    let result = RunResult(
      target: target, command: command, outcome: outcome, stdout: stdout, stderr: stderr, duration: clock.now - started)
    // Recording the end also shows the last of the output, so the screen is complete after it.
    try? recorder.record(.execEnd(result))
    printer.flushOutput()
    return result
  }

  static func describe(_ outcome: CommandOutcome) -> String {
    switch outcome {
    case .exited(let status): "exit \(status)"
    case .signaled(let signal): "killed by SIG\(signal)"
    case .failed(let failure): failure.description
    }
  }
}

/// The bounded output tails of an ad-hoc command, filled from the executor's thread.
final class TailBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stdout = OutputTail()
  private var stderr = OutputTail()

  func append(_ stream: StandardStream, _ bytes: [UInt8]) {
    lock.lock()
    defer { lock.unlock() }
    if stream == .stdout { stdout.append(bytes) } else { stderr.append(bytes) }
  }

  var value: (OutputTail, OutputTail) {
    lock.lock()
    defer { lock.unlock() }
    return (stdout, stderr)
  }
}
