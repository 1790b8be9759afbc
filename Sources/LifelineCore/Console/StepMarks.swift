/// How each step of the loaded runbook has ended so far, read from the events the session
/// records, so `show` tells what happened the way the transcript does.
public struct StepMarks: Sendable, Hashable {
  public enum Mark: Sendable, Hashable {
    case done
    case failed
    case skipped
  }

  public private(set) var marks: [String: Mark] = [:]

  public init() {}

  public subscript(step: String) -> Mark? { marks[step] }

  /// Updates the marks from one recorded event: `step.end`, a `flow` skip, or a
  /// `runbook.load` that starts over.
  public mutating func apply(_ event: TranscriptEvent) {
    switch event.type {
    case .runbookLoad:
      marks = [:]
    case .stepEnd:
      guard let step = event["step"]?.stringValue else { return }
      marks[step] = event["result"]?.stringValue == "ok" ? .done : .failed
    case .flow:
      guard event["action"]?.stringValue == FlowAction.skip.rawValue, let step = event["step"]?.stringValue else {
        return
      }
      marks[step] = .skipped
    default:
      break
    }
  }
}
