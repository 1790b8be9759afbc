/// The step engine: a pure state machine that walks a runbook.
///
/// It renders each step, and is told each step's results; from them it decides where the
/// runbook goes next. It never touches the network, the disk or the terminal: the
/// ``RunbookRunner`` (or a test) does the running and feeds results back.
public struct StepEngine: Sendable {
  public let runbook: Runbook
  public let inventory: Inventory
  public private(set) var variables: [String: String]
  public private(set) var position: Position
  /// The try of the current step: 1, then up to its `retry.attempts`.
  public private(set) var attempt = 1
  /// Steps as they completed, in order: the path the runbook took.
  public private(set) var path: [String] = []
  public private(set) var findings: [Finding] = []
  /// How the main steps ended, while the finally steps run.
  public private(set) var pendingOutcome: Outcome?

  public enum Position: Sendable, Hashable {
    case main(Int)
    case finally(Int)
    case finished(Outcome)
  }

  /// What the current step needs: a command to run or a question to answer.
  public enum Work: Sendable {
    case command(StepInvocation)
    case question(QuestionRequest)
  }

  public init(runbook: Runbook, inventory: Inventory, parameters: [String: String]) throws(ParameterError) {
    self.runbook = runbook
    self.inventory = inventory
    self.variables = try ParameterBinding.bind(parameters, to: runbook)
    self.position = runbook.steps.isEmpty ? .finished(.succeeded) : .main(0)
  }

  public var currentStep: Step? {
    switch position {
    case .main(let index): runbook.steps[index]
    case .finally(let index): runbook.finally[index]
    case .finished: nil
    }
  }

  public var outcome: Outcome? {
    if case .finished(let outcome) = position { return outcome }
    return nil
  }

  public var isInFinally: Bool {
    if case .finally = position { return true }
    return false
  }

  /// The current step, rendered.
  public func prepare() throws(TemplateError) -> Work {
    guard let step = currentStep else {
      throw TemplateError("the runbook has finished", at: SourceLocation(file: runbook.file, line: 1, column: 1))
    }
    let scope = TemplateScope(variables: variables, inventory: inventory)
    switch step.action {
    case .ask(let question, let choices):
      return .question(
        QuestionRequest(
          stepID: step.id, question: try scope.render(question, mode: .plain), choices: choices.map(\.answer)))
    case .run(let command):
      return try invocation(of: step, in: scope) { (scope, _) throws(TemplateError) in
        try scope.render(command, mode: .shell)
      }
    case .api(let call):
      return try invocation(of: step, in: scope) { (scope, target) throws(TemplateError) in
        guard let base = inventory.apiBase(for: target) else {
          throw TemplateError(
            inventory.api == nil
              ? "step '\(step.id)' calls the Proxmox API, but the inventory has no 'api' section (see docs/api.md)"
              : "step '\(step.id)' calls the API of '\(target)', which is not a node of the inventory",
            at: step.location)
        }
        return try call.requestLine(base: base, scope: scope)
      }
    }
  }

  /// A command or API step, rendered once per target: `command` gives the text each target runs.
  private func invocation(
    of step: Step, in scope: TemplateScope,
    command: (TemplateScope, ExecutionTarget) throws(TemplateError) -> String
  ) throws(TemplateError) -> Work {
    let targets = try resolveTargets(of: step, in: scope)
    var runs: [PlannedRun] = []
    for target in targets {
      var nodeScope = scope
      nodeScope.target = target.description
      runs.append(PlannedRun(target: target, command: try command(nodeScope, target)))
    }
    return .command(
      StepInvocation(
        step: step, attempt: attempt, runs: runs, timeout: step.timeout ?? runbook.defaultTimeout,
        confirmation: try confirmation(for: step, targets: targets, runs: runs, scope: scope)))
  }

  private func resolveTargets(of step: Step, in scope: TemplateScope) throws(TemplateError) -> [ExecutionTarget] {
    switch step.target {
    case .local, nil:
      return [.local]
    case .allNodes:
      return inventory.nodeNames.map(ExecutionTarget.node)
    case .nodes(let templates):
      var targets: [ExecutionTarget] = []
      for template in templates {
        let name = try scope.render(template, mode: .plain)
        if name == "local" {
          targets.append(.local)
          continue
        }
        guard inventory.node(named: name) != nil else {
          throw TemplateError(
            "step '\(step.id)' runs on '\(name)', which is not a node of the inventory\(Suggestion.didYouMean(name, in: inventory.nodeNames))",
            at: template.location)
        }
        if !targets.contains(.node(name)) { targets.append(.node(name)) }
      }
      return targets
    }
  }

  private func confirmation(
    for step: Step, targets: [ExecutionTarget], runs: [PlannedRun], scope: TemplateScope
  ) throws(TemplateError) -> ConfirmationRequest? {
    let commands = runs.map { "\($0.target): \($0.command)" }.joined(separator: "\n  ")
    if let destructive = step.destructive {
      let subject: String
      if let template = destructive.subject {
        subject = try scope.render(template, mode: .plain)
      } else if targets.count == 1, case .node(let name) = targets[0] {
        subject = name
      } else {
        throw TemplateError(
          "destructive step '\(step.id)' does not say which node is at risk", at: step.location)
      }
      let prompt = try step.confirm?.prompt.map { (t) throws(TemplateError) in try scope.render(t, mode: .plain) }
      return ConfirmationRequest(
        stepID: step.id, prompt: prompt ?? "Type the node name '\(subject)' to run step '\(step.id)'",
        kind: .typeNodeName(subject),
        warning:
          "Step '\(step.id)' is destructive: it can lose data or cluster membership of \(subject).\n  \(commands)")
    }
    guard let confirm = step.confirm else { return nil }
    let prompt = try confirm.prompt.map { (t) throws(TemplateError) in try scope.render(t, mode: .plain) }
    return ConfirmationRequest(
      stepID: step.id, prompt: prompt ?? "Run step '\(step.id)'?", kind: .plain,
      warning: "This step changes the cluster:\n  \(commands)")
  }

  // MARK: Results

  /// Records a command step's results and decides where to go.
  public mutating func complete(_ results: [RunResult]) -> StepDecision {
    guard let step = currentStep else { preconditionFailure("complete() after the runbook finished") }
    let expectation = step.expectation
    let checks = CheckEvaluator.evaluate(expectation, on: results)
    let succeeded = checks.allSatisfy(\.held)
    let captures = capture(step, from: results)
    for (name, value) in captures { variables[name] = value }

    var decision = StepDecision(
      stepID: step.id, attempt: attempt, results: results, succeeded: succeeded, checks: checks,
      captures: captures, findings: [], next: .end, reason: "")

    if !succeeded, let retry = step.retry, attempt < retry.attempts {
      decision.next = .retry(after: retry.interval)
      decision.reason = "attempt \(attempt) of \(retry.attempts): \(Self.firstFailure(in: checks))"
      attempt += 1
      return decision
    }
    if !succeeded, let finding = step.finding {
      decision.findings = findingsFor(finding, step: step, checks: checks)
      findings += decision.findings
    }
    path.append(step.id)

    if case .finally(let index) = position {
      if !succeeded, pendingOutcome == .succeeded {
        pendingOutcome = .failed(stepID: step.id, reason: "finally step failed: \(Self.firstFailure(in: checks))")
      }
      decision.next = .continueFinally
      decision.reason = succeeded ? "finally step done" : "finally step failed: \(Self.firstFailure(in: checks))"
      advanceFinally(from: index)
      return decision
    }

    let target: FlowTarget
    if let index = step.cases.firstIndex(where: { CheckEvaluator.holds($0.when, on: results) }) {
      target = step.cases[index].next.target
      decision.reason = "case \(index + 1) held (\(Self.describe(step.cases[index].when)))"
    } else if succeeded {
      target = step.next?.target ?? followingStep(of: step)
      decision.reason = "expectation held" + (step.cases.isEmpty ? "" : "; no case held")
    } else {
      target = step.onFailure?.target ?? .abort
      decision.reason =
        "expectation failed: \(Self.firstFailure(in: checks))"
        + (step.onFailure == nil ? "; the step has no on_failure, so the runbook aborts" : "")
    }
    decision.next = go(to: target, from: step, reason: decision.reason)
    return decision
  }

  /// Records a step the operator cancelled while it ran: the main flow ends as cancelled and
  /// the finally steps run; a cancelled finally step ends the clean-up too (a second Ctrl-C
  /// skips what is left).
  public mutating func cancel(_ results: [RunResult]) -> StepDecision {
    guard let step = currentStep else { preconditionFailure("cancel() after the runbook finished") }
    let checks = CheckEvaluator.evaluate(step.expectation, on: results)
    path.append(step.id)
    let decision = StepDecision(
      stepID: step.id, attempt: attempt, results: results, succeeded: false, checks: checks, captures: [],
      findings: [], next: .abort, reason: "cancelled by the operator")
    halt(.cancelled(stepID: step.id))
    return decision
  }

  /// Records the operator's answer to the current question and decides where to go.
  public mutating func answer(_ answer: String) throws(AnswerError) -> StepDecision {
    guard let step = currentStep, case .ask(_, let choices) = step.action else {
      throw AnswerError("the current step is not a question")
    }
    guard
      let choice = choices.first(where: { $0.answer == answer })
        ?? choices.first(where: { $0.answer.lowercased() == answer.lowercased() })
    else {
      let answers = choices.map(\.answer)
      throw AnswerError(
        "'\(answer)' is not an answer to step '\(step.id)'\(Suggestion.didYouMean(answer, in: answers)); choose \(answers.joined(separator: ", "))"
      )
    }
    path.append(step.id)
    let reason = "the operator answered '\(choice.answer)'"
    var decision = StepDecision(
      stepID: step.id, attempt: 1, results: [], succeeded: true, checks: [], captures: [], findings: [],
      next: .end, reason: reason)
    decision.next = go(to: choice.next.target, from: step, reason: reason)
    return decision
  }

  /// Ends the main flow from outside the runbook (cancelled, stopped, a step that could not
  /// be prepared or recorded); finally steps still run. In the finally steps, ends at once.
  public mutating func halt(_ outcome: Outcome) {
    switch position {
    case .main: finishMain(outcome)
    case .finally: position = .finished(pendingOutcome ?? outcome)
    case .finished: break
    }
  }

  /// Passes over the current step without running it, as if it had succeeded: the operator
  /// took care of it by hand. A skipped question goes to the following step. In the finally
  /// steps, moves to the next one.
  public mutating func skip() {
    guard let step = currentStep else { return }
    switch position {
    case .main:
      _ = go(to: step.next?.target ?? followingStep(of: step), from: step, reason: "skipped")
    case .finally(let index): advanceFinally(from: index)
    case .finished: break
    }
  }

  /// Moves to a step chosen by the operator (REPL `goto`, `retry`).
  public mutating func jump(to id: String) throws(AnswerError) {
    guard let index = runbook.steps.firstIndex(where: { $0.id == id }) else {
      throw AnswerError("no step '\(id)'\(Suggestion.didYouMean(id, in: runbook.steps.map(\.id)))")
    }
    position = .main(index)
    attempt = 1
  }

  /// Puts the engine where a recorded session stood, for resuming it: at `stepID` (a main or
  /// a finally step), or finished when it is nil. `mainOutcome` is how the main steps ended
  /// when the session stood in its finally steps.
  public mutating func restore(
    stepID: String?, variables recorded: [String: String], path recordedPath: [String],
    findings recordedFindings: [Finding], mainOutcome: Outcome = .succeeded
  ) throws(AnswerError) {
    for (name, value) in recorded { variables[name] = value }
    path = recordedPath
    findings = recordedFindings
    attempt = 1
    if let stepID {
      if let index = runbook.finally.firstIndex(where: { $0.id == stepID }) {
        pendingOutcome = mainOutcome
        position = .finally(index)
      } else {
        try jump(to: stepID)
      }
    } else {
      position = .finished(mainOutcome)
    }
  }

  // MARK: Flow

  private func followingStep(of step: Step) -> FlowTarget {
    guard let index = runbook.steps.firstIndex(where: { $0.id == step.id }), index + 1 < runbook.steps.count
    else { return .end }
    return .step(runbook.steps[index + 1].id)
  }

  private mutating func go(to target: FlowTarget, from step: Step, reason: String) -> StepDecision.Next {
    attempt = 1
    switch target {
    case .step(let id):
      if let index = runbook.steps.firstIndex(where: { $0.id == id }) {
        position = .main(index)
      } else {
        finishMain(.failed(stepID: step.id, reason: "no step '\(id)'"))
      }
      return .step(id)
    case .end:
      finishMain(.succeeded)
      return .end
    case .abort:
      finishMain(.failed(stepID: step.id, reason: reason))
      return .abort
    }
  }

  private mutating func finishMain(_ outcome: Outcome) {
    attempt = 1
    if runbook.finally.isEmpty {
      position = .finished(outcome)
    } else {
      pendingOutcome = outcome
      position = .finally(0)
    }
  }

  private mutating func advanceFinally(from index: Int) {
    attempt = 1
    position = index + 1 < runbook.finally.count ? .finally(index + 1) : .finished(pendingOutcome ?? .succeeded)
  }

  // MARK: Captures and findings

  private func capture(_ step: Step, from results: [RunResult]) -> [(String, String)] {
    var values: [(String, String)] = []
    for capture in step.captures {
      var first: String?
      for result in results where result.outcome.exitStatus != nil {
        guard let value = capture.value(in: result.stdout.text) else { continue }
        if step.isFanOut { values.append(("\(capture.name).\(result.target)", value)) }
        if first == nil { first = value }
      }
      if let first { values.append((capture.name, first)) }
    }
    return values
  }

  private func findingsFor(_ template: FindingTemplate, step: Step, checks: [CheckResult]) -> [Finding] {
    let failing = checks.filter { !$0.held }.map(\.target).reduce(into: [ExecutionTarget]()) {
      if !$0.contains($1) { $0.append($1) }
    }
    return failing.map { target in
      let scope = TemplateScope(variables: variables, inventory: inventory, target: target.description)
      let text = (try? scope.render(template.text, mode: .plain)) ?? template.text.source
      let action = template.action.map { (try? scope.render($0, mode: .plain)) ?? $0.source }
      return Finding(severity: template.severity, text: text, stepID: step.id, target: target, action: action)
    }
  }

  static func firstFailure(in checks: [CheckResult]) -> String {
    guard let failed = checks.first(where: { !$0.held }) else { return "all checks held" }
    if failed.condition == CheckEvaluator.ranCondition {
      return "\(failed.target): \(failed.observed ?? "the command did not run")"
    }
    let observed = failed.observed.map { ", got \($0)" } ?? ""
    let place = failed.target == .local ? "" : " on \(failed.target)"
    return "\(failed.condition)\(place)\(observed)"
  }

  static func describe(_ check: Check) -> String {
    var parts: [String] = []
    if let codes = check.exitCodes { parts.append("exit \(codes.map(String.init).joined(separator: "|"))") }
    if let pattern = check.stdout { parts.append("stdout \(pattern)") }
    if let pattern = check.stdoutNot { parts.append("stdout_not \(pattern)") }
    if let pattern = check.stderr { parts.append("stderr \(pattern)") }
    if let pattern = check.stderrNot { parts.append("stderr_not \(pattern)") }
    parts += check.json.map(\.description)
    return parts.joined(separator: ", ")
  }
}

/// An operator's answer or move that the runbook does not allow.
public struct AnswerError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
