/// Checks a loaded runbook as a whole: ids, references, reachability, variables and quoting.
public enum RunbookValidator {
  public static func validate(_ runbook: Runbook) -> [Diagnostic] {
    var validator = Validator(runbook: runbook)
    validator.run()
    return validator.diagnostics
  }
}

private struct Validator {
  let runbook: Runbook
  var diagnostics: [Diagnostic] = []

  // Worked out once: a runbook may have thousands of steps, and every step consults them.
  let mainIDs: [String]
  let mainIDSet: Set<String>
  let finallyIDs: Set<String>
  let capturedNames: Set<String>
  /// Every name a template may use: parameters, captures and built-ins.
  let knownNames: Set<String>

  init(runbook: Runbook) {
    self.runbook = runbook
    mainIDs = runbook.steps.map(\.id)
    mainIDSet = Set(mainIDs)
    finallyIDs = Set(runbook.finally.map(\.id))
    capturedNames = runbook.capturedNames
    knownNames = Set(runbook.parameters.map(\.name)).union(capturedNames).union(TemplateScope.builtins)
  }

  mutating func run() {
    if runbook.steps.isEmpty {
      diagnostics.append(
        Diagnostic(
          "the runbook has no steps", at: SourceLocation(file: runbook.file, line: 1, column: 1),
          hint: "add at least one step under 'steps:'"))
      return
    }
    checkUniqueIDs()
    for step in runbook.steps { checkReferences(of: step) }
    for step in runbook.finally { checkFinallyStep(step) }
    for step in runbook.steps + runbook.finally {
      checkShape(of: step)
      checkTemplates(of: step)
    }
    checkReachability()
  }

  private mutating func checkUniqueIDs() {
    var seen: [String: SourceLocation] = [:]
    for step in runbook.steps + runbook.finally {
      if let first = seen[step.id] {
        error(
          "duplicate step id '\(step.id)' (first used at line \(first.line))", at: step.location,
          hint: "every step needs its own id")
      } else {
        seen[step.id] = step.location
      }
    }
  }

  private func references(of step: Step) -> [(FlowReference, String)] {
    var references: [(FlowReference, String)] = []
    if let next = step.next { references.append((next, "'next'")) }
    if let onFailure = step.onFailure { references.append((onFailure, "'on_failure'")) }
    references += step.cases.map { ($0.next, "a case") }
    if case .ask(_, let choices) = step.action {
      references += choices.map { ($0.next, "choice '\($0.answer)'") }
    }
    return references
  }

  private mutating func checkReferences(of step: Step) {
    for (reference, what) in references(of: step) {
      guard case .step(let id) = reference.target else { continue }
      if finallyIDs.contains(id) {
        error(
          "\(what) of step '\(step.id)' points to '\(id)', a 'finally' step", at: reference.location,
          hint: "finally steps run by themselves when the runbook ends; point to 'end' instead")
      } else if !mainIDSet.contains(id) {
        error(
          "\(what) of step '\(step.id)' points to '\(id)', which is no step\(Suggestion.didYouMean(id, in: mainIDs + ["end", "abort"]))",
          at: reference.location, hint: "use a step id, 'end' or 'abort'")
      }
    }
  }

  private mutating func checkFinallyStep(_ step: Step) {
    if !references(of: step).isEmpty {
      error(
        "finally step '\(step.id)' cannot branch", at: step.location,
        hint: "finally steps always run in order; remove next, on_failure, cases and choices")
    }
    if step.isQuestion {
      error(
        "finally step '\(step.id)' cannot ask a question", at: step.location, hint: "finally steps must run unattended")
    }
  }

  private mutating func checkShape(of step: Step) {
    if step.isQuestion {
      for (present, field) in [
        (step.retry != nil, "retry"), (step.expect != nil, "expect"), (!step.captures.isEmpty, "capture"),
        (!step.cases.isEmpty, "cases"), (step.target != nil, "on"), (step.timeout != nil, "timeout"),
        (step.confirm != nil, "confirm"), (step.destructive != nil, "destructive"),
        (step.next != nil, "next"), (step.onFailure != nil, "on_failure"),
      ] where present {
        error(
          "'\(field)' has no meaning on question step '\(step.id)'", at: step.location,
          hint: "questions only have 'ask' and 'choices'")
      }
    }
    if step.isQuestion, let evidence = step.evidence {
      error(
        "question step '\(step.id)' cannot be evidence: it prints no output", at: evidence.location,
        hint: "mark the command step whose output shows the incident")
    }
    if step.isAPICall, case .local = step.target {
      error(
        "API step '\(step.id)' cannot run on 'local'", at: step.location,
        hint: "leave 'on' out to call the inventory's api.url, or name the node whose API to call")
    }
    if !step.isQuestion, !step.isAPICall, step.target == nil {
      error(
        "step '\(step.id)' does not say where it runs", at: step.location,
        hint: "add 'on:' with a node name, \"{{ node }}\", 'local', 'all' or a list of nodes")
    }
    if let destructive = step.destructive, destructive.subject == nil {
      var manyNodes = false
      if case .allNodes = step.target { manyNodes = true }
      if case .nodes(let names) = step.target, names.count > 1 { manyNodes = true }
      if case .local = step.target { manyNodes = true }
      if step.isAPICall, step.target == nil { manyNodes = true }
      if manyNodes {
        error(
          "destructive step '\(step.id)' does not run on exactly one node, so it is unclear which node is at risk",
          at: step.location, hint: "name the node at risk: destructive: \"{{ node }}\"")
      }
    }
  }

  private mutating func checkTemplates(of step: Step) {
    var templates: [TemplateText] = []
    switch step.action {
    case .run(let command): templates.append(command)
    case .api(let call): templates += call.templates
    case .ask(let question, _): templates.append(question)
    }
    if case .nodes(let names) = step.target { templates += names }
    if let prompt = step.confirm?.prompt { templates.append(prompt) }
    if let text = step.finding?.text { templates.append(text) }
    if let action = step.finding?.action { templates.append(action) }
    if let subject = step.destructive?.subject { templates.append(subject) }

    let known = knownNames
    let errorsBefore = diagnostics.count
    for template in templates {
      for expression in template.expressions {
        let name = expression.path.joined(separator: ".")
        if !known.contains(expression.root) {
          error(
            "'\(name)' is not a parameter, a captured variable or a built-in\(Suggestion.didYouMean(expression.root, in: known.sorted()))",
            at: expression.location,
            hint: "declare it under 'params:' or capture it in an earlier step")
        } else if expression.root == "nodes",
          expression.path.count != 3 || !["host", "port", "user"].contains(expression.path[2])
        {
          error("write nodes.NAME.host, nodes.NAME.port or nodes.NAME.user", at: expression.location)
        } else if expression.path.count > 1, expression.root != "nodes",
          !capturedNames.contains(expression.root) || expression.path.count != 2
        {
          error(
            "'\(name)' has no such part; only captures from fan-out steps have one ('\(expression.root).NODE')",
            at: expression.location)
        }
      }
    }
    if case .run(let command) = step.action {
      var runsLocally = false
      if case .local = step.target { runsLocally = true }
      let alreadyWrong = Set(diagnostics[errorsBefore...].map(\.location))
      diagnostics += CommandQuotingCheck.diagnostics(
        for: command, runsLocally: runsLocally, alreadyWrong: alreadyWrong)
    }
  }

  /// Every step must be reachable from the first one by some path of the flow.
  private mutating func checkReachability() {
    let steps = runbook.steps
    let index = Dictionary(steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    var reached: Set<Int> = [0]
    var queue = [0]
    while let current = queue.popLast() {
      let step = steps[current]
      var targets: [FlowTarget] = references(of: step).map(\.0.target)
      if !step.isQuestion, step.next == nil, current + 1 < steps.count {
        targets.append(.step(steps[current + 1].id))
      }
      for case .step(let id) in targets {
        if let found = index[id], reached.insert(found).inserted { queue.append(found) }
      }
    }
    for (position, step) in steps.enumerated() where !reached.contains(position) {
      error(
        "step '\(step.id)' can never run: no path from the first step leads to it", at: step.location,
        hint: "point a 'next', 'on_failure', case or choice to it, or remove it")
    }
  }

  private mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
    diagnostics.append(Diagnostic(message, at: location, hint: hint))
  }
}
