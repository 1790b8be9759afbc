import LifelineCore

/// One command outside any runbook (`lifeline exec`, the console's `exec`): streamed to the
/// screen (or, from `lifeline exec` in a pipe, to stdout as it is) and recorded with
/// exec.start, output and exec.end events, through the same ``RecordedCommand`` as a step,
/// gaps in the record included.
enum AdHocCommand {
  static func run(
    _ command: String, on target: ExecutionTarget, timeout: Duration, executor: any CommandExecutor,
    recorder: any TranscriptRecorder, canceller: StepCanceller, display: any ProgressDisplay
  ) async -> RunResult {
    let task = Task {
      await RecordedCommand.run(
        command, on: target, stepID: nil, timeout: timeout, executor: executor, recorder: recorder,
        show: { display.show($0) })
    }
    canceller.begin { task.cancel() }
    let (result, _) = await task.value
    canceller.end()
    // Recording the end also shows the last of the output, so the screen is complete after it.
    try? recorder.record(.execEnd(result))
    display.flushOutput()
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
