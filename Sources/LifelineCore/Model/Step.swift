/// One step of a runbook: a command to run somewhere, a Proxmox API call, or a question for
/// the operator.
public struct Step: Sendable, Hashable {
  public var id: String
  public var title: String?
  /// Why the step exists and what to look for, shown in procedures and the REPL.
  public var description: String?
  public var location: SourceLocation
  public var action: Action
  public var target: StepTarget?
  public var timeout: Duration?
  /// The conditions for success as written; nil when the step has no `expect`.
  public var expect: Check?
  public var captures: [Capture]
  public var retry: Retry?
  public var next: FlowReference?
  public var onFailure: FlowReference?
  public var confirm: Confirmation?
  /// Set when the step can lose data or cluster membership; see ``Destructive``.
  public var destructive: Destructive?
  public var finding: FindingTemplate?
  public var cases: [Case]
  /// Set when the step's output is evidence of the incident, for the report; see ``Evidence``.
  public var evidence: Evidence?

  public enum Action: Sendable, Hashable {
    /// A shell command, templated; substituted values are quoted for the shell.
    case run(TemplateText)
    /// A Proxmox VE API call; substituted values are percent-encoded (docs/api.md).
    case api(APICall)
    /// A manual step: a question and where each answer leads, in the runbook's order.
    case ask(question: TemplateText, choices: [Choice])
  }

  public init(id: String, location: SourceLocation, action: Action) {
    self.id = id
    self.location = location
    self.action = action
    self.captures = []
    self.cases = []
  }

  /// The conditions for success: the step's `expect`, or exit status 0 when it has none.
  public var expectation: Check {
    expect ?? Check(exitCodes: [0], location: location)
  }

  public var command: TemplateText? {
    if case .run(let command) = action { return command }
    return nil
  }

  /// Whether the step names several targets (or every node), so its captures are also kept
  /// per node, whatever the inventory's size.
  public var isFanOut: Bool {
    switch target {
    case .allNodes: true
    case .nodes(let names): names.count > 1
    case .local, nil: false
    }
  }

  public var isQuestion: Bool {
    if case .ask = action { return true }
    return false
  }

  public var apiCall: APICall? {
    if case .api(let call) = action { return call }
    return nil
  }

  public var isAPICall: Bool { apiCall != nil }
}

/// Where a step runs.
public enum StepTarget: Sendable, Hashable {
  /// The operator's own machine.
  case local
  /// Every node of the inventory, in parallel.
  case allNodes
  /// The named nodes (templated), in parallel when there are several.
  case nodes([TemplateText])
}

public struct Capture: Sendable, Hashable {
  public var name: String
  public var source: Source

  /// Where a captured value comes from in stdout.
  public enum Source: Sendable, Hashable {
    /// A pattern with exactly one group: the group's text.
    case pattern(Pattern)
    /// A JSON path (`{json: "[type=cluster].name"}`): the text of the first value it selects.
    case json(JSONPath)
  }

  public init(name: String, pattern: Pattern) {
    self.init(name: name, source: .pattern(pattern))
  }

  public init(name: String, source: Source) {
    self.name = name
    self.source = source
  }

  /// The pattern of a regex capture; nil for a JSON capture.
  public var pattern: Pattern? {
    if case .pattern(let pattern) = source { return pattern }
    return nil
  }

  /// The value this capture takes from one output, or nil when it finds none.
  public func value(in stdout: String) -> String? {
    switch source {
    case .pattern(let pattern): pattern.firstGroup(in: stdout)
    case .json(let path): JSONValue.parse(stdout).flatMap { path.select(in: $0).first?.text }
    }
  }
}

public struct Retry: Sendable, Hashable {
  public var attempts: Int
  public var interval: Duration

  public init(attempts: Int, interval: Duration) {
    self.attempts = attempts
    self.interval = interval
  }
}

/// What the operator must confirm before a step runs.
public struct Confirmation: Sendable, Hashable {
  /// The runbook's own words, or nil for a generic "run this step?".
  public var prompt: TemplateText?

  public init(prompt: TemplateText?) { self.prompt = prompt }
}

public struct Choice: Sendable, Hashable {
  public var answer: String
  public var next: FlowReference

  public init(answer: String, next: FlowReference) {
    self.answer = answer
    self.next = next
  }
}

public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
  case critical
  case warning
  case info

  private var rank: Int {
    switch self {
    case .critical: 0
    case .warning: 1
    case .info: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A finding a step records when its expectation fails.
public struct FindingTemplate: Sendable, Hashable {
  public var severity: Severity
  public var text: TemplateText
  /// The follow-up the runbook recommends, which the report lists under "Action items".
  public var action: TemplateText?

  public init(severity: Severity, text: TemplateText, action: TemplateText? = nil) {
    self.severity = severity
    self.text = text
    self.action = action
  }
}

/// A step that can lose data or cluster membership. Before it runs, the operator types the
/// name of the node at risk, and the safety interlocks must pass.
public struct Destructive: Sendable, Hashable {
  /// The node whose loss the step makes permanent (`destructive: "{{ node }}"`), or nil for
  /// the node the step runs on (`destructive: true`).
  public var subject: TemplateText?

  public init(subject: TemplateText?) { self.subject = subject }
}
