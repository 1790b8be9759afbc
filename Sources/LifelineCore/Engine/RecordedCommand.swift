/// Runs one command on one target and records it as it goes: every output chunk and
/// connection event, and a `flow gap` when some of them could not be written. Steps and
/// ad-hoc commands (`exec`) both run through it, so both have the same gap accounting.
public enum RecordedCommand {
  /// - Parameters:
  ///   - stepID: the step the output belongs to; nil for an ad-hoc command.
  ///   - show: what the operator sees of each event, as it arrives.
  /// - Returns: the result, and how many events could not be recorded.
  public static func run(
    _ command: String, on target: ExecutionTarget, stepID: String?, timeout: Duration, executor: any CommandExecutor,
    recorder: any TranscriptRecorder, show: @escaping @Sendable (RunProgress) -> Void
  ) async -> (RunResult, unrecorded: Int) {
    let collector = OutputCollector()
    let node = target.description
    let clock = ContinuousClock()
    let started = clock.now
    let outcome = await executor.run(CommandRequest(command: command, target: target, timeout: timeout)) { event in
      switch event {
      case .output(let stream, let bytes):
        collector.append(stream, bytes)
        collector.note(try? recorder.record(.output(step: stepID, node: node, stream: stream, bytes: bytes)))
        show(.output(stepID: stepID ?? "exec", node: node, stream: stream, bytes: bytes))
      case .connection(let connection):
        collector.note(try? recorder.record(.connection(connection)))
        show(.connection(connection))
      }
    }
    let (stdout, stderr) = collector.tails
    if collector.unrecordedCount > 0 {
      // Tell the record itself that it has a gap; if even this fails, the end event will too.
      try? recorder.record(
        .flow(.gap, step: stepID, detail: "\(collector.unrecordedCount) events of \(node) could not be recorded"))
    }
    let result = RunResult(
      target: target, command: command, outcome: outcome, stdout: stdout, stderr: stderr,
      duration: clock.now - started)
    return (result, collector.unrecordedCount)
  }
}
