/// Reads a transcript back into where its session stood, so a session that was cut off
/// (killed, crashed, stopped for an answer) can go on in the same file.
public struct TranscriptReplay: Sendable {
  public var runbookName: String?
  public var runbookFile: String?
  public var runbookSHA256: String?
  /// Parameters as recorded; secrets were redacted and must be given again.
  public var parameters: [String: String]
  /// Captured variables, latest value of each.
  public var captures: [String: String]
  public var path: [String]
  public var findings: [Finding]
  /// The step to continue at: the one that had not finished, or the one the last finished
  /// step led to; nil when the runbook's flow was over.
  public var resumeStep: String?
  /// How the main steps ended, when the session was cut off during its finally steps.
  public var mainOutcomeWord: String?
  /// The outcome of a session that ended properly (then there is nothing to resume, unless
  /// it stopped for an answer).
  public var endedOutcome: String?
  public var events: Int

  /// Reads events in order. The caller verifies the chain first.
  public init(contents: String) {
    parameters = [:]
    captures = [:]
    path = []
    findings = []
    events = 0
    var startedStep: String?
    var lastStop: String?
    for line in contents.split(separator: "\n") {
      guard let event = JSONValue.parse(line), let type = event["type"]?.stringValue else { continue }
      events += 1
      switch type {
      case "session.start", "runbook.load":
        if let name = event["runbook"]?.stringValue {
          runbookName = name
          runbookFile = event["runbook_file"]?.stringValue
          runbookSHA256 = event["runbook_sha256"]?.stringValue
          parameters = [:]
          for (key, value) in event["params"]?.objectValue ?? [] { parameters[key] = value.stringValue }
          captures = [:]
          path = []
          findings = []
          resumeStep = nil
          endedOutcome = nil
        }
      case "step.start":
        startedStep = event["step"]?.stringValue
        if resumeStep == nil { resumeStep = startedStep }
      case "step.end":
        let step = event["step"]?.stringValue
        startedStep = nil
        for (key, value) in event["captures"]?.objectValue ?? [] { captures[key] = value.stringValue }
        let next = event["next"]?.stringValue ?? "end"
        if next.hasPrefix("retry in ") {
          resumeStep = step
          continue
        }
        if let step { path.append(step) }
        switch next {
        case "end", "abort":
          mainOutcomeWord = next == "end" ? "succeeded" : "failed"
          resumeStep = nil
        case "next finally step":
          resumeStep = Self.finallyMarker + (step ?? "")
        default:
          resumeStep = next
        }
      case "finding":
        if let step = event["step"]?.stringValue, let text = event["text"]?.stringValue,
          let severity = event["severity"]?.stringValue.flatMap(Severity.init(rawValue:))
        {
          let node = event["node"]?.stringValue
          findings.append(
            Finding(
              severity: severity, text: text, stepID: step,
              target: node.map { $0 == "local" ? .local : .node($0) }, action: event["action"]?.stringValue))
        }
      case "flow":
        if event["action"]?.stringValue == "stop" { lastStop = event["step"]?.stringValue }
      case "session.end":
        endedOutcome = event["outcome"]?.stringValue
      default:
        break
      }
    }
    if let startedStep { resumeStep = startedStep }
    if endedOutcome == "stopped", let lastStop { resumeStep = lastStop }
  }

  /// Marks "the finally step after this one" in `resumeStep`.
  public static let finallyMarker = "\u{0}after:"
}

extension StepEngine {
  /// Puts a fresh engine where a replayed session stood.
  public mutating func resume(from replay: TranscriptReplay) throws(AnswerError) {
    if replay.resumeStep == nil, replay.mainOutcomeWord == nil {
      // Cut off before its first step finished or started: it starts from the beginning.
      try restore(stepID: runbook.steps.first?.id, variables: replay.captures, path: [], findings: [])
      return
    }
    if let step = replay.resumeStep, step.hasPrefix(TranscriptReplay.finallyMarker) {
      let finished = String(step.dropFirst(TranscriptReplay.finallyMarker.count))
      let index = runbook.finally.firstIndex { $0.id == finished }.map { $0 + 1 } ?? runbook.finally.count
      let next = index < runbook.finally.count ? runbook.finally[index].id : nil
      try restore(
        stepID: next, variables: replay.captures, path: replay.path, findings: replay.findings,
        mainOutcome: replay.mainOutcomeWord == "failed"
          ? .failed(stepID: replay.path.last, reason: "recorded before the resume") : .succeeded)
      return
    }
    if replay.resumeStep == nil, let word = replay.mainOutcomeWord, !runbook.finally.isEmpty {
      try restore(
        stepID: runbook.finally[0].id, variables: replay.captures, path: replay.path, findings: replay.findings,
        mainOutcome: word == "failed"
          ? .failed(stepID: replay.path.last, reason: "recorded before the resume") : .succeeded)
      return
    }
    try restore(
      stepID: replay.resumeStep, variables: replay.captures, path: replay.path, findings: replay.findings,
      mainOutcome: replay.mainOutcomeWord == "failed"
        ? .failed(stepID: replay.path.last, reason: "recorded before the resume") : .succeeded)
  }
}
