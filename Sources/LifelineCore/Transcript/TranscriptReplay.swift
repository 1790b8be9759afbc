/// Reads a transcript back into where its session stood, so a session that was cut off
/// (killed, crashed, stopped for an answer) can go on in the same file.
public struct TranscriptReplay: Sendable {
  /// Where a replayed session continues.
  public enum ResumePoint: Sendable, Hashable {
    /// At this step of the runbook (main or finally): it had not finished, or the last
    /// finished step led to it.
    case step(String)
    /// At the finally step after this one, which finished.
    case afterFinally(String)

    /// The step shown as current, when there is one to name.
    public var stepID: String? {
      if case .step(let id) = self { return id }
      return nil
    }
  }

  /// How a session that ended properly ended: the `outcome` of its `session.end`.
  public enum EndedOutcome: Sendable, Hashable {
    /// It stopped for an answer or a confirmation: it can be resumed.
    case stopped
    case other(String)

    init(_ word: String) { self = word == "stopped" ? .stopped : .other(word) }

    public var word: String {
      switch self {
      case .stopped: "stopped"
      case .other(let word): word
      }
    }
  }

  public var runbookName: String?
  public var runbookFile: String?
  public var runbookSHA256: String?
  /// Parameters as recorded; secrets were redacted and must be given again.
  public var parameters: [String: String]
  /// Captured variables, latest value of each; none whose value was masked.
  public var captures: [String: String]
  /// Captured variables whose recorded value holds the redaction mask (they held a secret),
  /// by name, with the step that captured them: the record cannot give them back, and a
  /// resumed run must never send the mask in their place.
  public var maskedCaptures: [String: String]
  public var path: [String]
  public var findings: [Finding]
  /// Where to continue; nil when the runbook's flow was over (or never began).
  public var resumePoint: ResumePoint?
  /// Whether the main steps failed, when the session was cut off after them (during or
  /// before its finally steps); nil while they were still running.
  public var mainFailed: Bool?
  /// Set when the session ended properly (then there is nothing to resume, unless it stopped).
  public var endedOutcome: EndedOutcome?
  public var events: Int
  /// The cluster and inventory file the record was last made with (its `session.start`, or
  /// its latest `session.resume`).
  public var cluster: String?
  public var inventoryFile: String?

  /// Reads events in order. The caller verifies the chain first.
  public init(contents: String) {
    self.init(events: TranscriptDecoder.events(in: contents))
  }

  public init(events recorded: [RecordedEvent]) {
    parameters = [:]
    captures = [:]
    maskedCaptures = [:]
    path = []
    findings = []
    events = 0
    var startedStep: String?
    var lastStop: String?
    for event in recorded {
      events += 1
      if event.type == .sessionStart || event.type == .sessionResume, let recorded = event.string("cluster") {
        cluster = recorded
        inventoryFile = event.string("inventory")
      }
      switch event.type {
      case .sessionStart, .runbookLoad:
        if let name = event.string("runbook") {
          runbookName = name
          runbookFile = event.string("runbook_file")
          runbookSHA256 = event.string("runbook_sha256")
          parameters = [:]
          for (key, value) in event["params"]?.objectValue ?? [] { parameters[key] = value.stringValue }
          captures = [:]
          maskedCaptures = [:]
          path = []
          findings = []
          resumePoint = nil
          endedOutcome = nil
        }
      case .stepStart:
        startedStep = event.string("step")
        if resumePoint == nil, let startedStep { resumePoint = .step(startedStep) }
      case .stepEnd:
        let step = event.string("step")
        startedStep = nil
        for (key, value) in event["captures"]?.objectValue ?? [] {
          if let text = value.stringValue, text.contains(Redactor.mask) {
            captures[key] = nil
            maskedCaptures[key] = step ?? "?"
          } else {
            captures[key] = value.stringValue
            maskedCaptures[key] = nil
          }
        }
        let next = event.next ?? .end
        // Only finally steps (and their retries) run after a stop; a main step ending means
        // the session went on past it.
        switch next {
        case .retry, .continueFinally: break
        case .end, .abort, .step: lastStop = nil
        }
        switch next {
        case .retry:
          resumePoint = step.map(ResumePoint.step)
          continue
        case .end:
          mainFailed = false
          resumePoint = nil
        case .abort:
          mainFailed = true
          resumePoint = nil
        case .continueFinally:
          resumePoint = .afterFinally(step ?? "")
        case .step(let next):
          resumePoint = .step(next)
        }
        if let step { path.append(step) }
      case .finding:
        if let step = event.string("step"), let text = event.string("text"),
          let severity = event.string("severity").flatMap(Severity.init(rawValue:))
        {
          let node = event.string("node")
          findings.append(
            Finding(
              severity: severity, text: text, stepID: step,
              target: node.map { $0 == "local" ? .local : .node($0) }, action: event["action"]?.stringValue))
        }
      case .flow:
        if event.string("action") == FlowAction.stop.rawValue { lastStop = event.string("step") }
      case .sessionEnd:
        endedOutcome = event.string("outcome").map(EndedOutcome.init)
      default:
        break
      }
    }
    if let startedStep { resumePoint = .step(startedStep) }
    // A stopped run goes on at the step that stopped it, whether its finally steps finished
    // (it ended `stopped`) or it was cut off during them.
    if let lastStop { resumePoint = .step(lastStop) }
  }
}

extension StepEngine {
  /// Puts a fresh engine where a replayed session stood.
  public mutating func resume(from replay: TranscriptReplay) throws(AnswerError) {
    let mainOutcome: Outcome =
      replay.mainFailed == true ? .failed(stepID: replay.path.last, reason: "recorded before the resume") : .succeeded
    switch replay.resumePoint {
    case nil where replay.mainFailed == nil:
      // Cut off before its first step finished or started: it starts from the beginning.
      try restore(stepID: runbook.steps.first?.id, variables: replay.captures, path: [], findings: [])
    case nil:
      // The main steps were over: the finally steps run, if there are any.
      try restore(
        stepID: runbook.finally.first?.id, variables: replay.captures, path: replay.path, findings: replay.findings,
        mainOutcome: mainOutcome)
    case .afterFinally(let finished):
      let index = runbook.finally.firstIndex { $0.id == finished }.map { $0 + 1 } ?? runbook.finally.count
      let next = index < runbook.finally.count ? runbook.finally[index].id : nil
      try restore(
        stepID: next, variables: replay.captures, path: replay.path, findings: replay.findings,
        mainOutcome: mainOutcome)
    case .step(let id):
      try restore(
        stepID: id, variables: replay.captures, path: replay.path, findings: replay.findings, mainOutcome: mainOutcome)
    }
  }
}
