/// How a runbook ended.
public enum Outcome: Sendable, Hashable, CustomStringConvertible {
  /// It reached `end` or its last step.
  case succeeded
  /// It reached `abort`, or a step failed with no branch for failure.
  case failed(stepID: String?, reason: String)
  /// The operator cancelled it.
  case cancelled(stepID: String?)
  /// It could not go on without an answer nobody could give (a non-interactive run without
  /// `--yes` or `--answer`, a declined confirmation). It can be resumed.
  case stopped(stepID: String, reason: String)

  /// 0 success, 1 failed or stopped, 130 cancelled (as shells report Ctrl-C).
  public var exitCode: Int32 {
    switch self {
    case .succeeded: 0
    case .failed, .stopped: 1
    case .cancelled: 130
    }
  }

  /// One word for transcripts and reports.
  public var word: String {
    switch self {
    case .succeeded: "succeeded"
    case .failed: "failed"
    case .cancelled: "cancelled"
    case .stopped: "stopped"
    }
  }

  public var description: String {
    switch self {
    case .succeeded: "succeeded"
    case .failed(let step, let reason): "failed" + (step.map { " at step '\($0)'" } ?? "") + ": \(reason)"
    case .cancelled(let step): "cancelled" + (step.map { " at step '\($0)'" } ?? "")
    case .stopped(let step, let reason): "stopped at step '\(step)': \(reason)"
    }
  }
}
