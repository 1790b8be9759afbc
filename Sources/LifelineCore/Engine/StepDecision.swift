/// What the engine concluded from a step's results, and why. Every field is recorded.
public struct StepDecision: Sendable, Hashable {
  public var stepID: String
  public var attempt: Int
  public var results: [RunResult]
  /// The step's expectation held on every target.
  public var succeeded: Bool
  public var checks: [CheckResult]
  /// Values captured by this step, by variable name (`var` and, in fan-out, `var.NODE`).
  public var captures: [(String, String)]
  public var findings: [Finding]
  public var next: Next
  /// Why the engine goes where it goes, in words: "case 2 held (stdout /Quorate: Yes/)".
  public var reason: String

  public enum Next: Sendable, Hashable, CustomStringConvertible {
    case step(String)
    case retry(after: Duration)
    case end
    case abort
    /// A finally step finished: the next one runs, whatever happened.
    case continueFinally

    public var description: String { recorded }

    /// The `next` field of a `step.end` event. Step ids cannot contain spaces and `end` and
    /// `abort` are reserved (the loader refuses them as ids), so every form reads back as itself.
    public var recorded: String {
      switch self {
      case .step(let id): id
      case .retry(let interval): Self.retryPrefix + DurationText.format(interval)
      case .end: "end"
      case .abort: "abort"
      case .continueFinally: Self.continueFinallyText
      }
    }

    /// Reads the `next` field back; the inverse of ``recorded``.
    public init?(recorded text: String) {
      switch text {
      case "end": self = .end
      case "abort": self = .abort
      case Self.continueFinallyText: self = .continueFinally
      default:
        if text.hasPrefix(Self.retryPrefix) {
          guard let interval = DurationText.parse(String(text.dropFirst(Self.retryPrefix.count))) else { return nil }
          self = .retry(after: interval)
        } else if text.isEmpty || text.contains(" ") {
          return nil
        } else {
          self = .step(text)
        }
      }
    }

    private static let retryPrefix = "retry in "
    private static let continueFinallyText = "next finally step"
  }

  public static func == (lhs: StepDecision, rhs: StepDecision) -> Bool {
    lhs.stepID == rhs.stepID && lhs.attempt == rhs.attempt && lhs.next == rhs.next
      && lhs.succeeded == rhs.succeeded && lhs.reason == rhs.reason
      && lhs.captures.map(\.0) == rhs.captures.map(\.0) && lhs.captures.map(\.1) == rhs.captures.map(\.1)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(stepID)
    hasher.combine(attempt)
    hasher.combine(reason)
  }
}

/// Something an audit step found, recorded when its expectation failed.
public struct Finding: Sendable, Hashable {
  public var severity: Severity
  public var text: String
  public var stepID: String
  public var target: ExecutionTarget?
  /// The runbook's recommended follow-up, rendered like the text.
  public var action: String?

  public init(
    severity: Severity, text: String, stepID: String, target: ExecutionTarget? = nil, action: String? = nil
  ) {
    self.severity = severity
    self.text = text
    self.stepID = stepID
    self.target = target
    self.action = action
  }
}
