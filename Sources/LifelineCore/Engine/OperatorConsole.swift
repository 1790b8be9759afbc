/// The human side of a run: confirmations, questions and progress. The REPL asks on the
/// terminal; `lifeline run` answers from `--yes` and `--answer`; tests script it.
public protocol OperatorConsole: Sendable {
  func confirm(_ request: ConfirmationRequest) async -> ConfirmationReply
  func choose(_ question: QuestionRequest) async -> ChoiceReply
  /// Progress for the screen; never asks anything.
  func show(_ progress: RunProgress)
}

public struct ConfirmationRequest: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    /// Yes or no.
    case plain
    /// The operator must type this node's name: the step can lose data or membership.
    case typeNodeName(String)
  }

  public var stepID: String
  public var prompt: String
  public var kind: Kind
  /// Said before the prompt: what is at risk and why it is asked.
  public var warning: String?

  public init(stepID: String, prompt: String, kind: Kind, warning: String? = nil) {
    self.stepID = stepID
    self.prompt = prompt
    self.kind = kind
    self.warning = warning
  }
}

public enum ConfirmationReply: Sendable, Hashable {
  case confirmed
  case declined
  /// Nobody can answer (a non-interactive run without `--yes`): the text says how to answer.
  case unavailable(String)
}

public struct QuestionRequest: Sendable, Hashable {
  public var stepID: String
  public var question: String
  public var choices: [String]

  public init(stepID: String, question: String, choices: [String]) {
    self.stepID = stepID
    self.question = question
    self.choices = choices
  }
}

public enum ChoiceReply: Sendable, Hashable {
  case answered(String)
  case unavailable(String)
}

/// What the screen shows while a runbook runs.
public enum RunProgress: Sendable {
  case stepStarted(StepInvocation)
  case output(stepID: String, node: String, stream: StandardStream, bytes: [UInt8])
  case stepFinished(StepInvocation, StepDecision)
  case retrying(stepID: String, attempt: Int, of: Int, after: Duration)
  case connection(ConnectionEvent)
  case finished(Outcome)
}
