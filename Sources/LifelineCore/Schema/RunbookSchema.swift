/// The JSON Schema of runbooks (schema/runbook.schema.json), built from the loader's lists of
/// allowed fields (``RunbookLoader``) and a description and shape for each.
///
/// The loader stays the authority: `lifeline check` reports what the schema cannot say (step
/// references, reachability, variables, quoting). The schema lets an editor complete field
/// names and flag wrong shapes as the author types; `SchemaTests` checks that it accepts
/// every shipped runbook and rejects what the loader rejects in a corpus of broken ones.
enum RunbookSchema {
  static let identifier = "https://lifeline.invalid/schema/runbook.schema.json"

  static var document: JSONValue {
    SchemaDocument(
      id: identifier, title: "Lifeline runbook",
      description: "A Lifeline runbook: a procedure of command, API and question steps (docs/runbook-format.md).",
      root: runbook,
      definitions: [
        ("step", step), ("check", check), ("jsonCheck", jsonCheck), ("parameter", parameter),
      ]
    ).json
  }

  /// Every object of the format, for the test that each field is described.
  static var objects: [(String, SchemaObject)] {
    [
      ("runbook", runbook), ("parameter", parameter), ("step", step), ("check", check), ("jsonCheck", jsonCheck),
      ("retry", retry), ("finding", finding), ("case", flowCase), ("jsonCapture", jsonCapture),
    ]
  }

  static let flowTarget = SchemaShape.text
  static let steps = SchemaShape.list(.definition("step"), minimum: 0)

  static var runbook: SchemaObject {
    SchemaObject(
      RunbookLoader.topLevelFields,
      from: [
        SchemaField(
          "name", .matching(SchemaShape.identifier),
          "The runbook's id, one word of letters, digits, '-' and '_': how `lifeline run` names it."),
        SchemaField("title", .text, "One line."),
        SchemaField("description", .text, "Free text, shown by `lifeline show` and in reports."),
        SchemaField(
          "params", .map(keys: SchemaShape.identifier, values: .either([.text, .definition("parameter")])),
          "Parameter name to {description, required, default, secret}, or to a description."),
        SchemaField("timeout", .duration, "Default step timeout (60s when not given): 500ms, 30s, 5m, 1h, 1m30s."),
        SchemaField(
          "steps", .list(.definition("step"), minimum: 1), "The procedure, in order; a run starts at the first."),
        SchemaField("finally", steps, "Steps that always run when the runbook ends, in order, however it ends."),
      ], required: ["name", "title", "steps"])
  }

  static var parameter: SchemaObject {
    SchemaObject(
      RunbookLoader.parameterFields,
      from: [
        SchemaField("description", .text, "What to pass; shown in `show`, in errors and in the console's `params`."),
        SchemaField("required", .boolean, "true: a run refuses to start without it."),
        SchemaField("default", .text, "The value when none is given (not together with `required`)."),
        SchemaField("secret", .boolean, "true: the value is redacted everywhere (transcripts, screen, reports)."),
      ])
  }

  static var step: SchemaObject {
    let either = SchemaShape.either
    return SchemaObject(
      RunbookLoader.stepFields,
      from: [
        SchemaField(
          "id", .matching("^(?!(end|abort)$)[A-Za-z_][A-Za-z0-9_-]*$"), "Unique, one word; not `end` or `abort`."),
        SchemaField("title", .text, "For people: shown live, in `show` and in reports."),
        SchemaField("description", .text, "Why the step exists and what to look for."),
        SchemaField(
          "on", either([.text, .list(.text, minimum: 1)]),
          "Where it runs: a node, a template such as \"{{ node }}\", `local`, `all`, or a list of nodes."),
        SchemaField("run", .text, "The shell command, templated; substituted values are quoted for the shell."),
        SchemaField(
          "api", .matching("^ *(\(APIMethod.allCases.map(\.rawValue).joined(separator: "|"))) +/"),
          "A Proxmox VE API call: METHOD /path after /api2/json (docs/api.md)."),
        SchemaField(
          "data", .map(keys: SchemaShape.identifier, values: .text), "The API call's parameters, templated."),
        SchemaField("ask", .text, "A question for the operator; `choices` says where each answer leads."),
        SchemaField("choices", .map(keys: nil, values: flowTarget), "Answer to step id, `end` or `abort`."),
        SchemaField("timeout", .duration, "How long the command may run: 500ms, 30s, 5m, 1h, 1m30s."),
        SchemaField("expect", .definition("check"), "What success means (default: exit status 0)."),
        SchemaField(
          "capture", .map(keys: SchemaShape.identifier, values: either([.text, .object(jsonCapture)])),
          "Variable to a pattern with exactly one group, or to {json: PATH}, applied to stdout."),
        SchemaField("retry", .object(retry), "{attempts: N, interval: 5s}: run again until the expectation holds."),
        SchemaField("next", flowTarget, "Where to go on success: a step id or `end`."),
        SchemaField("on_failure", flowTarget, "Where to go on failure: a step id, `abort` or `end` (default `abort`)."),
        SchemaField("confirm", either([.boolean, .text]), "true or a question: the operator confirms before it runs."),
        SchemaField(
          "destructive", either([.boolean, .text]),
          "The step can lose data or membership: true (the node it runs on) or the node at risk."),
        SchemaField("finding", .object(finding), "Recorded when the expectation fails, per failing node."),
        SchemaField(
          "evidence", either([evidenceKind, .list(evidenceKind, minimum: 1)]),
          "The step's stdout is evidence of the incident, for the report's timeline and impact."),
        SchemaField(
          "cases", .list(.object(flowCase), minimum: 0),
          "The first case whose `when` holds decides where to go, before `next` and `on_failure`."),
      ],
      required: ["id"],
      rules: [
        // A step runs a command, calls the API or asks (RunbookLoader.readStep); command steps
        // say where (RunbookValidator.checkShape).
        (
          "oneOf",
          .array([
            .object([("required", .array(["run", "on"]))]), .object([("required", .array(["api"]))]),
            .object([("required", .array(["ask", "choices"]))]),
          ])
        ),
        ("dependencies", .object([("data", .array(["api"])), ("choices", .array(["ask"]))])),
        // Questions only have ask and choices (RunbookValidator.checkShape).
        (
          "if", .object([("required", .array(["ask"]))])
        ),
        (
          "then",
          .object([
            (
              "not",
              .object([
                ("anyOf", .array(questionlessFields.map { .object([("required", .array([.string($0)]))]) }))
              ])
            )
          ])
        ),
      ])
  }

  /// The fields that have no meaning on a question step (RunbookValidator.checkShape).
  static let questionlessFields = [
    "retry", "expect", "capture", "cases", "on", "timeout", "confirm", "destructive", "next", "on_failure",
    "evidence",
  ]

  static let evidenceKind = SchemaShape.oneOf(EvidenceKind.allCases.map(\.rawValue))

  static var check: SchemaObject {
    var object = SchemaObject(
      RunbookLoader.checkFields,
      from: [
        SchemaField(
          "exit", .either([.integer(0...599), .list(.integer(0...599), minimum: 1)]),
          "The exit status is this number or one of this list (HTTP statuses for API steps)."),
        SchemaField("stdout", .text, "A regular expression that matches somewhere in stdout."),
        SchemaField("stdout_not", .text, "A regular expression that matches nowhere in stdout."),
        SchemaField("stderr", .text, "A regular expression that matches somewhere in stderr."),
        SchemaField("stderr_not", .text, "A regular expression that matches nowhere in stderr."),
        SchemaField(
          "json", .list(.definition("jsonCheck"), minimum: 0),
          "Conditions on stdout read as one JSON document (docs/api.md)."),
      ])
    object.rules = [("minProperties", 1)]
    return object
  }

  static var jsonCheck: SchemaObject {
    SchemaObject(
      ["path"] + YAMLDocument.jsonCheckConditions,
      from: [
        SchemaField("path", .text, "A JSON path: .key, [N], [*], [key=value], [key!=value], [key], [!key]."),
        SchemaField("equals", .text, "Every selected value is this one, compared as text (numbers as numbers)."),
        SchemaField("matches", .text, "Every selected value's text matches this regular expression."),
        SchemaField("exists", .boolean, "The path selects something (true) or nothing (false)."),
        SchemaField(
          "count", .either([.integer(0...Int(Int32.max)), .matching("^ *(==|!=|>=|<=|>|<)? *[0-9]+ *$")]),
          "The number of selected values: 3, or an operator and a number such as \">= 2\"."),
      ],
      required: ["path"],
      rules: [
        ("oneOf", .array(YAMLDocument.jsonCheckConditions.map { .object([("required", .array([.string($0)]))]) }))
      ])
  }

  static var retry: SchemaObject {
    SchemaObject(
      RunbookLoader.retryFields,
      from: [
        SchemaField("attempts", .integer(1...10_000), "How many times in all the step may run."),
        SchemaField("interval", .duration, "The wait between attempts (default 5s)."),
      ], required: ["attempts"])
  }

  static var finding: SchemaObject {
    SchemaObject(
      RunbookLoader.findingFields,
      from: [
        SchemaField("severity", .oneOf(Severity.allCases.map(\.rawValue)), "How bad it is."),
        SchemaField("text", .text, "Templated; a leading [Category] groups findings in reports."),
        SchemaField("action", .text, "The follow-up the runbook recommends, templated; listed under Action items."),
      ], required: ["severity", "text"])
  }

  static var flowCase: SchemaObject {
    SchemaObject(
      RunbookLoader.caseFields,
      from: [
        SchemaField("when", .definition("check"), "The conditions of this case."),
        SchemaField("next", flowTarget, "Where to go when they hold: a step id, `end` or `abort`."),
      ], required: RunbookLoader.caseFields)
  }

  static var jsonCapture: SchemaObject {
    SchemaObject(
      RunbookLoader.jsonCaptureFields,
      from: [SchemaField("json", .text, "A JSON path; the variable is the text of the first value it selects.")],
      required: RunbookLoader.jsonCaptureFields)
  }
}
