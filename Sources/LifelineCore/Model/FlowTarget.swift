/// Where a runbook goes after a step: another step, or one of its two endings.
public enum FlowTarget: Sendable, Hashable, CustomStringConvertible {
  case step(String)
  /// The runbook finishes successfully.
  case end
  /// The runbook finishes as failed.
  case abort

  public init(_ text: String) {
    switch text {
    case "end": self = .end
    case "abort": self = .abort
    default: self = .step(text)
    }
  }

  public var description: String {
    switch self {
    case .step(let id): id
    case .end: "end"
    case .abort: "abort"
    }
  }
}

/// A flow target together with where the runbook names it, so errors can point at it.
public struct FlowReference: Sendable, Hashable {
  public var target: FlowTarget
  public var location: SourceLocation

  public init(_ target: FlowTarget, at location: SourceLocation) {
    self.target = target
    self.location = location
  }
}
