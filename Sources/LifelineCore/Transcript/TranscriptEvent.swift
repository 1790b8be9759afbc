import Foundation

/// One entry of a session's record, before it is sealed into the hash chain.
///
/// The record is JSON Lines: each line is an object whose first keys are `seq`, `ts` and
/// `type`, then the payload, then `prev` and `hash` (see ``TranscriptChain``). The types
/// and their fields are listed in docs/transcripts.md.
public struct TranscriptEvent: Sendable, Hashable {
  public var type: TranscriptEventType
  public var payload: [(String, JSONValue)]

  public init(_ type: TranscriptEventType, _ payload: [(String, JSONValue)]) {
    self.type = type
    self.payload = payload
  }

  public static func == (lhs: TranscriptEvent, rhs: TranscriptEvent) -> Bool {
    lhs.type == rhs.type && JSONValue.object(lhs.payload) == JSONValue.object(rhs.payload)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(type)
    hasher.combine(JSONValue.object(payload))
  }

  public subscript(key: String) -> JSONValue? {
    payload.first { $0.0 == key }?.1
  }
}

// MARK: - The events a session records

extension TranscriptEvent {
  public struct SessionInfo: Sendable {
    public var toolVersion: String
    public var operatorName: String
    public var hostName: String
    public var cluster: String
    public var inventoryFile: String?
    public var runbook: String?
    public var runbookFile: String?
    public var runbookSHA256: String?
    public var parameters: [(String, String)]
    public var mode: String

    public init(
      toolVersion: String, operatorName: String, hostName: String, cluster: String, inventoryFile: String?,
      runbook: String?, runbookFile: String?, runbookSHA256: String?, parameters: [(String, String)], mode: String
    ) {
      self.toolVersion = toolVersion
      self.operatorName = operatorName
      self.hostName = hostName
      self.cluster = cluster
      self.inventoryFile = inventoryFile
      self.runbook = runbook
      self.runbookFile = runbookFile
      self.runbookSHA256 = runbookSHA256
      self.parameters = parameters
      self.mode = mode
    }
  }

  public static func sessionStart(_ info: SessionInfo) -> TranscriptEvent {
    TranscriptEvent(
      .sessionStart,
      [
        ("tool", .string("lifeline \(info.toolVersion)")),
        ("operator", .string(info.operatorName)),
        ("host", .string(info.hostName)),
        ("cluster", .string(info.cluster)),
        ("inventory", info.inventoryFile.map(JSONValue.string) ?? .null),
        ("runbook", info.runbook.map(JSONValue.string) ?? .null),
        ("runbook_file", info.runbookFile.map(JSONValue.string) ?? .null),
        ("runbook_sha256", info.runbookSHA256.map(JSONValue.string) ?? .null),
        ("params", .object(info.parameters.map { ($0.0, .string($0.1)) })),
        ("mode", .string(info.mode)),
      ])
  }

  /// A runbook loaded into a running session (REPL `load`).
  public static func runbookLoaded(name: String, file: String, sha256: String, parameters: [(String, String)])
    -> TranscriptEvent
  {
    TranscriptEvent(
      .runbookLoad,
      [
        ("runbook", .string(name)), ("runbook_file", .string(file)), ("runbook_sha256", .string(sha256)),
        ("params", .object(parameters.map { ($0.0, .string($0.1)) })),
      ])
  }

  /// A session continuing a recorded one, with the cluster and inventory it continues with;
  /// `inventoryChange` says how they differ from the ones recorded before, when they do.
  public static func sessionResume(
    atStep step: String?, previousEvents: Int, cluster: String, inventoryFile: String?,
    inventoryChange: String? = nil
  ) -> TranscriptEvent {
    TranscriptEvent(
      .sessionResume,
      [
        ("step", step.map(JSONValue.string) ?? .null), ("previous_events", .int(Int64(previousEvents))),
        ("cluster", .string(cluster)), ("inventory", inventoryFile.map(JSONValue.string) ?? .null),
      ] + (inventoryChange.map { [("inventory_change", JSONValue.string($0))] } ?? []))
  }

  public static func stepStart(_ invocation: StepInvocation) -> TranscriptEvent {
    TranscriptEvent(
      .stepStart,
      [
        ("step", .string(invocation.stepID)),
        ("title", invocation.step.title.map(JSONValue.string) ?? .null),
        ("attempt", .int(Int64(invocation.attempt))),
        ("timeout_ms", .int(invocation.timeout.milliseconds)),
        (
          "runs",
          .array(
            invocation.runs.map {
              .object([("node", .string($0.target.description)), ("command", .string($0.command))])
            })
        ),
      ])
  }

  /// A chunk of output. Valid UTF-8 is kept as `text`; anything else as base64 `bytes`, so
  /// the record holds exactly what the command printed.
  public static func output(step: String?, node: String, stream: StandardStream, bytes: [UInt8]) -> TranscriptEvent {
    let data: (String, JSONValue)
    if let text = String(validating: bytes, as: UTF8.self) {
      data = ("text", .string(text))
    } else {
      data = ("bytes", .string(Data(bytes).base64EncodedString()))
    }
    return TranscriptEvent(
      .output,
      [
        ("step", step.map(JSONValue.string) ?? .null), ("node", .string(node)), ("stream", .string(stream.rawValue)),
        data,
      ])
  }

  public static func stepEnd(_ decision: StepDecision) -> TranscriptEvent {
    TranscriptEvent(
      .stepEnd,
      [
        ("step", .string(decision.stepID)),
        ("attempt", .int(Int64(decision.attempt))),
        ("result", .string(decision.succeeded ? "ok" : "failed")),
        ("runs", .array(decision.results.map(runJSON))),
        ("checks", .array(decision.checks.map(checkJSON))),
        ("captures", .object(decision.captures.map { ($0.0, .string($0.1)) })),
        ("next", .string(decision.next.recorded)),
        ("reason", .string(decision.reason)),
      ])
  }

  public static func answer(step: String, question: String, choice: String) -> TranscriptEvent {
    TranscriptEvent(.answer, [("step", .string(step)), ("question", .string(question)), ("choice", .string(choice))])
  }

  public static func confirmation(_ request: ConfirmationRequest, reply: ConfirmationReply, by: String)
    -> TranscriptEvent
  {
    let answer: String
    switch reply {
    case .confirmed: answer = "confirmed"
    case .declined: answer = "declined"
    case .unavailable: answer = "unanswered"
    }
    var payload: [(String, JSONValue)] = [
      ("step", .string(request.stepID)), ("prompt", .string(request.prompt)), ("answer", .string(answer)),
      ("by", .string(by)),
    ]
    if case .typeNodeName(let node) = request.kind { payload.append(("typed_node", .string(node))) }
    return TranscriptEvent(.confirm, payload)
  }

  public static func note(_ text: String) -> TranscriptEvent {
    TranscriptEvent(.note, [("text", .string(text))])
  }

  public static func flow(_ action: FlowAction, step: String?, detail: String) -> TranscriptEvent {
    TranscriptEvent(
      .flow,
      [
        ("action", .string(action.rawValue)), ("step", step.map(JSONValue.string) ?? .null),
        ("detail", .string(detail)),
      ])
  }

  public static func execStart(node: String, command: String) -> TranscriptEvent {
    TranscriptEvent(.execStart, [("node", .string(node)), ("command", .string(command))])
  }

  public static func execEnd(_ result: RunResult) -> TranscriptEvent {
    TranscriptEvent(.execEnd, runJSON(result).objectValue ?? [])
  }

  public static func connection(_ event: ConnectionEvent) -> TranscriptEvent {
    var payload: [(String, JSONValue)] = [("node", .string(event.node)), ("event", .string(event.kind.rawValue))]
    if let fingerprint = event.fingerprint { payload.append(("fingerprint", .string(fingerprint))) }
    if let detail = event.detail { payload.append(("detail", .string(detail))) }
    return TranscriptEvent(.connection, payload)
  }

  /// `action` is there only when the runbook recommends one.
  public static func finding(_ finding: Finding) -> TranscriptEvent {
    var payload: [(String, JSONValue)] = [
      ("step", .string(finding.stepID)), ("node", finding.target.map { .string($0.description) } ?? .null),
      ("severity", .string(finding.severity.rawValue)), ("text", .string(finding.text)),
    ]
    if let action = finding.action { payload.append(("action", .string(action))) }
    return TranscriptEvent(.finding, payload)
  }

  public static func sessionEnd(_ outcome: Outcome?, reason: String) -> TranscriptEvent {
    TranscriptEvent(
      .sessionEnd,
      [
        ("outcome", .string(outcome?.word ?? "ended")), ("reason", .string(reason)),
        ("exit_code", .int(Int64(outcome?.exitCode ?? 0))),
      ])
  }

  static func runJSON(_ result: RunResult) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("node", .string(result.target.description)), ("command", .string(result.command)),
    ]
    switch result.outcome {
    case .exited(let status): pairs.append(("exit", .int(Int64(status))))
    case .signaled(let signal): pairs.append(("signal", .string(signal)))
    case .failed(let failure):
      pairs.append(("failure", .string(failure.reason)))
      pairs.append(("detail", .string(failure.description)))
    }
    pairs.append(("duration_ms", .int(result.duration.milliseconds)))
    pairs.append(("stdout_bytes", .int(Int64(result.stdout.totalCount))))
    pairs.append(("stderr_bytes", .int(Int64(result.stderr.totalCount))))
    return .object(pairs)
  }

  static func checkJSON(_ check: CheckResult) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("node", .string(check.target.description)), ("check", .string(check.condition)), ("held", .bool(check.held)),
    ]
    if let observed = check.observed { pairs.append(("observed", .string(observed))) }
    return .object(pairs)
  }
}
