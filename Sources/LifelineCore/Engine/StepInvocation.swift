/// A step ready to run: templates rendered, nodes resolved.
public struct StepInvocation: Sendable, Hashable {
  public var step: Step
  /// 1 for the first try, then up to `retry.attempts`.
  public var attempt: Int
  public var runs: [PlannedRun]
  public var timeout: Duration
  /// What the operator must confirm first, if anything.
  public var confirmation: ConfirmationRequest?

  public var stepID: String { step.id }
  public var isFanOut: Bool { runs.count > 1 }
}

/// One command on one target.
public struct PlannedRun: Sendable, Hashable {
  public var target: ExecutionTarget
  public var command: String

  public init(target: ExecutionTarget, command: String) {
    self.target = target
    self.command = command
  }
}

/// What one target's command did.
public struct RunResult: Sendable, Hashable {
  public var target: ExecutionTarget
  public var command: String
  public var outcome: CommandOutcome
  public var stdout: OutputTail
  public var stderr: OutputTail
  public var duration: Duration

  public init(
    target: ExecutionTarget, command: String, outcome: CommandOutcome, stdout: OutputTail = OutputTail(),
    stderr: OutputTail = OutputTail(), duration: Duration = .zero
  ) {
    self.target = target
    self.command = command
    self.outcome = outcome
    self.stdout = stdout
    self.stderr = stderr
    self.duration = duration
  }
}
