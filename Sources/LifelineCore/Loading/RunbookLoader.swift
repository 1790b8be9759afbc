import Yams

/// Turns runbook YAML into a ``Runbook``, reporting every problem with its file:line:column.
///
/// Loading checks shapes and types; ``RunbookValidator`` then checks the runbook as a whole
/// (references, reachability, variables). `load` runs both.
public enum RunbookLoader {
  static let topLevelFields = ["name", "title", "description", "params", "timeout", "steps", "finally"]
  static let parameterFields = ["description", "required", "default", "secret"]
  static let stepFields = [
    "id", "title", "description", "on", "run", "api", "data", "ask", "choices", "timeout", "expect", "capture",
    "retry", "next", "on_failure", "confirm", "destructive", "finding", "cases", "evidence",
  ]
  static let checkFields = ["exit", "stdout", "stdout_not", "stderr", "stderr_not", "json"]
  static let retryFields = ["attempts", "interval"]
  static let findingFields = ["severity", "text", "action"]
  static let caseFields = ["when", "next"]
  static let jsonCaptureFields = ["json"]
  // These lists are also what the editor's JSON Schema is generated from (RunbookSchema).

  /// Parses and validates; throws every problem at once when any is an error.
  public static func load(text: String, file: String) throws(DiagnosticList) -> Runbook {
    let (runbook, diagnostics) = parse(text: text, file: file)
    var all = diagnostics
    if let runbook { all += RunbookValidator.validate(runbook) }
    guard let runbook, !all.contains(where: { $0.severity == .error }) else {
      throw DiagnosticList(all.sorted(by: Self.sourceOrder))
    }
    return runbook
  }

  /// Every problem in a runbook file, in source order; empty when it is valid.
  public static func check(text: String, file: String) -> [Diagnostic] {
    let (runbook, diagnostics) = parse(text: text, file: file)
    var all = diagnostics
    if let runbook { all += RunbookValidator.validate(runbook) }
    return all.sorted(by: sourceOrder)
  }

  static func sourceOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
    (a.location.line, a.location.column) < (b.location.line, b.location.column)
  }

  /// Shapes and types only; nil when the document is too broken to build a runbook from.
  static func parse(text: String, file: String) -> (Runbook?, [Diagnostic]) {
    var document = YAMLDocument(file: file)
    guard let root = document.parse(text),
      let fields = document.mapping(root, what: "a runbook", allowed: topLevelFields)
    else { return (nil, document.diagnostics) }

    var reader = RunbookReader(document: document)
    let runbook = reader.read(root: root, fields: fields)
    return (runbook, reader.document.diagnostics)
  }
}

/// The state of one load: the document and its diagnostics.
private struct RunbookReader {
  var document: YAMLDocument

  mutating func read(root: Node, fields: [(key: String, keyNode: Node, value: Node)]) -> Runbook? {
    var name: String?
    var title: String?
    var description: String?
    var parameters: [ParameterSpec] = []
    var steps: [Step] = []
    var finally: [Step] = []
    var timeout = Runbook.standardTimeout
    var sawSteps = false
    for (key, _, value) in fields {
      switch key {
      case "name":
        name = document.string(value, what: "'name'")
        if let text = name, !TemplateParser.isIdentifier(text) {
          document.report(
            "'name' must be one word of letters, digits, '-' and '_'", at: value,
            hint: "it is how `load` and `lifeline run` refer to the runbook")
        }
      case "title": title = document.string(value, what: "'title'")
      case "description": description = document.string(value, what: "'description'")
      case "params": parameters = readParameters(value)
      case "timeout": timeout = document.duration(value, what: "'timeout'") ?? timeout
      case "steps":
        sawSteps = true
        steps = readSteps(value, what: "'steps'")
      case "finally": finally = readSteps(value, what: "'finally'")
      default: break
      }
    }
    let start = document.location(of: root)
    if name == nil { document.report("the runbook has no 'name'", at: start, hint: "add 'name: my-runbook'") }
    if title == nil { document.report("the runbook has no 'title'", at: start, hint: "add a one-line 'title:'") }
    if !sawSteps {
      document.report("the runbook has no 'steps'", at: start, hint: "add 'steps:' with at least one step")
    }
    guard let name, let title else { return nil }
    return Runbook(
      name: name, title: title, description: description, parameters: parameters, steps: steps,
      finally: finally, defaultTimeout: timeout, file: document.file)
  }

  private mutating func readParameters(_ node: Node) -> [ParameterSpec] {
    guard case .mapping(let mapping) = node else {
      document.report("'params' must map each parameter name to its description", at: node)
      return []
    }
    var parameters: [ParameterSpec] = []
    for (keyNode, value) in mapping {
      guard let name = keyNode.scalar?.string, TemplateParser.isIdentifier(name) else {
        document.report("a parameter name must be a word of letters, digits, '-' and '_'", at: keyNode)
        continue
      }
      var parameter = ParameterSpec(name: name, location: document.location(of: keyNode))
      if TemplateScope.builtins.contains(name) {
        document.report("'\(name)' is a built-in variable and cannot be a parameter", at: keyNode)
      }
      if case .scalar(let scalar) = value {
        // `node: "the node to recover"` is shorthand for a description.
        parameter.description = scalar.string.isEmpty ? nil : scalar.string
        parameters.append(parameter)
        continue
      }
      guard let fields = document.mapping(value, what: "parameter '\(name)'", allowed: RunbookLoader.parameterFields)
      else { continue }
      for (key, _, field) in fields {
        switch key {
        case "description": parameter.description = document.string(field, what: "'description'")
        case "required": parameter.required = document.bool(field, what: "'required'") ?? false
        case "default": parameter.defaultValue = document.string(field, what: "'default'")
        case "secret": parameter.secret = document.bool(field, what: "'secret'") ?? false
        default: break
        }
      }
      if parameter.required, parameter.defaultValue != nil {
        document.report(
          "parameter '\(name)' is required and has a default", at: keyNode,
          hint: "a parameter with a default is never missing: drop one of the two")
      }
      parameters.append(parameter)
    }
    return parameters
  }

  private mutating func readSteps(_ node: Node, what: String) -> [Step] {
    guard case .sequence(let sequence) = node else {
      document.report("\(what) must be a list of steps", at: node, hint: "start each step with '- id: …'")
      return []
    }
    return sequence.compactMap { readStep($0) }
  }

  private mutating func readStep(_ node: Node) -> Step? {
    guard let fields = document.mapping(node, what: "a step", allowed: RunbookLoader.stepFields) else {
      return nil
    }
    let location = document.location(of: node)
    let value = Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })

    guard let idNode = value["id"], let id = document.string(idNode, what: "'id'") else {
      document.report("a step has no 'id'", at: location, hint: "give every step a unique 'id:'")
      return nil
    }
    if !TemplateParser.isIdentifier(id) || id == "end" || id == "abort" {
      document.report(
        "step id '\(id)' must be one word of letters, digits, '-' and '_', and not 'end' or 'abort'",
        at: idNode)
    }

    if let data = value["data"], value["api"] == nil {
      document.report("'data' belongs to 'api' steps", at: data, hint: "it holds the parameters of the API call")
    }
    if let api = value["api"] {
      if let other = value["run"] ?? value["ask"] {
        document.report(
          "step '\(id)' has 'api' and '\(value["run"] != nil ? "run" : "ask")'", at: other,
          hint: "a step either calls the API, runs a command or asks a question: split it")
        return nil
      }
      if let choices = value["choices"] {
        document.report("'choices' belongs to 'ask' steps", at: choices, hint: "use 'cases' to branch on the answer")
      }
      guard let call = document.apiCall(api, data: value["data"]) else { return nil }
      return readStepFields(fields, id: id, idNode: idNode, action: .api(call))
    }

    let action: Step.Action
    switch (value["run"], value["ask"]) {
    case (let run?, nil):
      guard let command = document.template(run, what: "'run'") else { return nil }
      if value["choices"] != nil {
        document.report(
          "'choices' belongs to 'ask' steps", at: value["choices"]!, hint: "use 'cases' to branch on a command's result"
        )
      }
      action = .run(command)
    case (nil, let ask?):
      guard let question = document.template(ask, what: "'ask'") else { return nil }
      action = .ask(question: question, choices: readChoices(value["choices"], askNode: ask))
    case (.some, .some(let ask)):
      document.report(
        "step '\(id)' has both 'run' and 'ask'", at: ask, hint: "split it into a command step and a question step")
      return nil
    case (nil, nil):
      document.report(
        "step '\(id)' has neither 'run' nor 'ask'", at: location,
        hint: "add 'run:' with a command, 'api:' with a Proxmox API call, or 'ask:' with 'choices:'")
      return nil
    }
    return readStepFields(fields, id: id, idNode: idNode, action: action)
  }

  /// The fields every kind of step shares.
  private mutating func readStepFields(
    _ fields: [(key: String, keyNode: Node, value: Node)], id: String, idNode: Node, action: Step.Action
  ) -> Step {
    var step = Step(id: id, location: document.location(of: idNode), action: action)
    // HTTP statuses stand in for exit statuses of API steps (401, 595…).
    let exitStatuses = step.isAPICall ? 0...599 : 0...255
    for (key, keyNode, field) in fields {
      switch key {
      case "title": step.title = document.string(field, what: "'title'")
      case "description": step.description = document.string(field, what: "'description'")
      case "on": step.target = readTarget(field)
      case "timeout": step.timeout = document.duration(field, what: "'timeout'")
      case "expect": step.expect = readCheck(field, what: "'expect'", exitStatuses: exitStatuses)
      case "capture": step.captures = readCaptures(field)
      case "retry": step.retry = readRetry(field)
      case "next": step.next = readFlow(field, what: "'next'")
      case "on_failure": step.onFailure = readFlow(field, what: "'on_failure'")
      case "confirm": step.confirm = readConfirmation(field)
      case "destructive": step.destructive = readDestructive(field)
      case "finding": step.finding = readFinding(field)
      case "cases": step.cases = readCases(field, exitStatuses: exitStatuses)
      case "evidence": step.evidence = document.evidence(field)
      case "id", "run", "api", "data", "ask", "choices": break
      default: document.report("unhandled field '\(key)'", at: keyNode)
      }
    }
    return step
  }

  private mutating func readTarget(_ node: Node) -> StepTarget? {
    switch node {
    case .scalar(let scalar):
      switch scalar.string {
      case "local": return .local
      case "all": return .allNodes
      default:
        guard let name = document.template(node, what: "'on'") else { return nil }
        return .nodes([name])
      }
    case .sequence(let sequence):
      let names = sequence.compactMap { document.template($0, what: "a node in 'on'") }
      if names.isEmpty { document.report("'on' lists no nodes", at: node) }
      if names.contains(where: { $0.source == "local" || $0.source == "all" }) {
        document.report("'local' and 'all' stand alone in 'on', not in a list", at: node)
      }
      return .nodes(names)
    default:
      document.report("'on' must be a node name, 'local', 'all' or a list of nodes", at: node)
      return nil
    }
  }

  private mutating func readCheck(_ node: Node, what: String, exitStatuses: ClosedRange<Int>) -> Check? {
    guard let fields = document.mapping(node, what: what, allowed: RunbookLoader.checkFields) else { return nil }
    var check = Check(location: document.location(of: node))
    for (key, _, field) in fields {
      switch key {
      case "exit": check.exitCodes = readExitCodes(field, range: exitStatuses)
      case "stdout": check.stdout = document.pattern(field, what: "'stdout'")
      case "stdout_not": check.stdoutNot = document.pattern(field, what: "'stdout_not'")
      case "stderr": check.stderr = document.pattern(field, what: "'stderr'")
      case "stderr_not": check.stderrNot = document.pattern(field, what: "'stderr_not'")
      case "json": check.json = document.jsonChecks(field)
      default: break
      }
    }
    if fields.isEmpty {
      document.report(
        "\(what) has no condition", at: node, hint: "use exit, stdout, stdout_not, stderr, stderr_not or json")
    }
    return check
  }

  private mutating func readExitCodes(_ node: Node, range: ClosedRange<Int>) -> [Int32]? {
    let nodes: [Node]
    if case .sequence(let sequence) = node { nodes = Array(sequence) } else { nodes = [node] }
    let codes = nodes.compactMap { document.integer($0, what: "an exit status", range: range).map(Int32.init) }
    if codes.isEmpty { document.report("'exit' lists no status", at: node) }
    return codes.count == nodes.count && !codes.isEmpty ? codes : nil
  }

  private mutating func readCaptures(_ node: Node) -> [Capture] {
    guard case .mapping(let mapping) = node else {
      document.report(
        "'capture' must map variable names to patterns with one group, or to {json: PATH}", at: node)
      return []
    }
    var captures: [Capture] = []
    for (keyNode, value) in mapping {
      guard let name = keyNode.scalar?.string, TemplateParser.isIdentifier(name), !name.contains(".") else {
        document.report("a captured variable needs a name of letters, digits, '-' and '_'", at: keyNode)
        continue
      }
      if TemplateScope.builtins.contains(name) {
        document.report("'\(name)' is a built-in variable and cannot be captured", at: keyNode)
      }
      if case .mapping = value {
        guard let fields = document.mapping(value, what: "capture '\(name)'", allowed: RunbookLoader.jsonCaptureFields)
        else { continue }
        guard let field = fields.first else {
          document.report(
            "capture '\(name)' needs a JSON path", at: value, hint: "\(name): {json: \"[type=cluster].name\"}")
          continue
        }
        guard let path = document.jsonPath(field.value, what: "the JSON path of '\(name)'") else { continue }
        captures.append(Capture(name: name, source: .json(path)))
        continue
      }
      guard let pattern = document.pattern(value, what: "the pattern of '\(name)'") else { continue }
      if pattern.captureGroupCount != 1 {
        document.report(
          "the pattern of '\(name)' has \(pattern.captureGroupCount) groups; it needs exactly one", at: value,
          hint: "wrap the part to keep in ( ) and make other groups non-capturing with (?: )")
      }
      captures.append(Capture(name: name, pattern: pattern))
    }
    return captures
  }

  private mutating func readRetry(_ node: Node) -> Retry? {
    guard let fields = document.mapping(node, what: "'retry'", allowed: RunbookLoader.retryFields) else { return nil }
    var attempts: Int?
    var interval: Duration = .seconds(5)
    for (key, _, field) in fields {
      if key == "attempts" { attempts = document.integer(field, what: "'attempts'", range: 1...10_000) }
      if key == "interval" { interval = document.duration(field, what: "'interval'") ?? interval }
    }
    guard let attempts else {
      document.report("'retry' needs 'attempts'", at: node, hint: "for example retry: {attempts: 10, interval: 5s}")
      return nil
    }
    return Retry(attempts: attempts, interval: interval)
  }

  private mutating func readFlow(_ node: Node, what: String) -> FlowReference? {
    guard let text = document.string(node, what: what) else { return nil }
    return FlowReference(FlowTarget(text), at: document.location(of: node))
  }

  private mutating func readConfirmation(_ node: Node) -> Confirmation? {
    if let text = node.scalar?.string, ["true", "yes"].contains(text.lowercased()) {
      return Confirmation(prompt: nil)
    }
    if let text = node.scalar?.string, ["false", "no"].contains(text.lowercased()) { return nil }
    guard let prompt = document.template(node, what: "'confirm'") else { return nil }
    return Confirmation(prompt: prompt)
  }

  private mutating func readDestructive(_ node: Node) -> Destructive? {
    switch node.scalar?.string.lowercased() {
    case "true", "yes": return Destructive(subject: nil)
    case "false", "no": return nil
    default:
      guard let subject = document.template(node, what: "'destructive'") else { return nil }
      return Destructive(subject: subject)
    }
  }

  private mutating func readFinding(_ node: Node) -> FindingTemplate? {
    guard let fields = document.mapping(node, what: "'finding'", allowed: RunbookLoader.findingFields) else {
      return nil
    }
    var severity: Severity?
    var text: TemplateText?
    var action: TemplateText?
    for (key, _, field) in fields {
      if key == "severity" {
        let word = document.string(field, what: "'severity'") ?? ""
        severity = Severity(rawValue: word)
        if severity == nil {
          document.report(
            "severity '\(word)' is not critical, warning or info\(Suggestion.didYouMean(word, in: Severity.allCases.map(\.rawValue)))",
            at: field)
        }
      }
      if key == "text" { text = document.template(field, what: "'text'") }
      if key == "action" { action = document.template(field, what: "'action'") }
    }
    guard let severity, let text else {
      if !fields.contains(where: { $0.key == "severity" }) || !fields.contains(where: { $0.key == "text" }) {
        document.report("'finding' needs 'severity' and 'text'", at: node)
      }
      return nil
    }
    return FindingTemplate(severity: severity, text: text, action: action)
  }

  private mutating func readCases(_ node: Node, exitStatuses: ClosedRange<Int>) -> [Case] {
    guard case .sequence(let sequence) = node else {
      document.report("'cases' must be a list of {when: …, next: …}", at: node)
      return []
    }
    var cases: [Case] = []
    for item in sequence {
      guard let fields = document.mapping(item, what: "a case", allowed: RunbookLoader.caseFields) else { continue }
      var when: Check?
      var next: FlowReference?
      for (key, _, field) in fields {
        if key == "when" { when = readCheck(field, what: "'when'", exitStatuses: exitStatuses) }
        if key == "next" { next = readFlow(field, what: "'next'") }
      }
      guard let when, let next else {
        document.report("a case needs both 'when' and 'next'", at: item)
        continue
      }
      cases.append(Case(when: when, next: next))
    }
    return cases
  }

  private mutating func readChoices(_ node: Node?, askNode: Node) -> [Choice] {
    guard let node else {
      document.report("an 'ask' step needs 'choices'", at: askNode, hint: "map each answer to the step it leads to")
      return []
    }
    guard case .mapping(let mapping) = node, !mapping.isEmpty else {
      document.report("'choices' must map each answer to a step id, 'end' or 'abort'", at: node)
      return []
    }
    var choices: [Choice] = []
    for (keyNode, value) in mapping {
      guard let answer = keyNode.scalar?.string, !answer.isEmpty,
        let next = readFlow(value, what: "the step for '\(keyNode.scalar?.string ?? "")'")
      else {
        document.report("each choice maps an answer to a step id", at: keyNode)
        continue
      }
      choices.append(Choice(answer: answer, next: next))
    }
    return choices
  }
}
