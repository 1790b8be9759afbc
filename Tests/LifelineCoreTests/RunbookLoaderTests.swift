import Testing

@testable import LifelineCore

@Suite struct RunbookLoaderFieldTests {
  static let everyField = """
    name: node-recovery
    title: Recover a node
    description: |
      Brings a node back.
    params:
      node: {description: The node to recover, required: true}
      healthy: {description: A healthy node, default: pve2}
      token: {description: API token, secret: true}
      note: Just a description.
    timeout: 2m
    steps:
      - id: quorum
        title: Is the cluster quorate?
        description: Reads pvecm status.
        on: "{{ healthy }}"
        run: pvecm status
        timeout: 30s
        expect: {exit: [0, 2], stdout: 'Quorate:\\s+Yes', stdout_not: 'blocked', stderr: '^$', stderr_not: 'error'}
        capture: {votes: 'Total votes:\\s+(\\d+)'}
        retry: {attempts: 3, interval: 500ms}
        next: ping
        on_failure: decide
        finding: {severity: warning, text: "no quorum on {{ target }}"}
        cases:
          - when: {exit: 2}
            next: decide
          - when: {stdout: 'Expected votes'}
            next: end
      - id: decide
        ask: Go on with {{ node }}?
        choices: {yes: ping, no: abort, later: end}
      - id: ping
        on: local
        run: ping -c 1 {{ node | host }}
        confirm: Ping {{ node }}?
      - id: versions
        on: all
        run: pveversion
      - id: pair
        on: [pve1, "{{ node }}"]
        run: "true"
      - id: remove
        on: "{{ healthy }}"
        run: pvecm delnode {{ node }}
        destructive: "{{ node }}"
        confirm: true
      - id: reboot
        on: "{{ node }}"
        run: reboot
        destructive: true
    finally:
      - id: leave-maintenance
        on: "{{ node }}"
        run: ha-manager crm-command node-maintenance disable {{ node }}
    """

  @Test func everyTopLevelFieldIsRead() throws {
    let runbook = try CoreFixture.runbook(Self.everyField)
    #expect(runbook.name == "node-recovery")
    #expect(runbook.title == "Recover a node")
    #expect(runbook.description == "Brings a node back.\n")
    #expect(runbook.defaultTimeout == .seconds(120))
    #expect(runbook.file == "rb.yaml")
    #expect(runbook.steps.map(\.id) == ["quorum", "decide", "ping", "versions", "pair", "remove", "reboot"])
    #expect(runbook.finally.map(\.id) == ["leave-maintenance"])
  }

  @Test func parametersKeepDescriptionRequiredDefaultAndSecret() throws {
    let runbook = try CoreFixture.runbook(Self.everyField)
    #expect(runbook.parameters.map(\.name) == ["node", "healthy", "token", "note"])
    let node = try #require(runbook.parameter("node"))
    #expect(node.required && node.defaultValue == nil && !node.secret)
    #expect(node.description == "The node to recover")
    #expect(node.location == SourceLocation(file: "rb.yaml", line: 6, column: 3))
    #expect(runbook.parameter("healthy")?.defaultValue == "pve2")
    #expect(runbook.parameter("healthy")?.required == false)
    #expect(runbook.parameter("token")?.secret == true)
    #expect(runbook.parameter("note")?.description == "Just a description.")
    #expect(runbook.parameter("missing") == nil)
  }

  @Test func aCommandStepKeepsEveryField() throws {
    let step = try #require(try CoreFixture.runbook(Self.everyField).step("quorum"))
    #expect(step.title == "Is the cluster quorate?")
    #expect(step.description == "Reads pvecm status.")
    #expect(step.location == SourceLocation(file: "rb.yaml", line: 12, column: 9))
    #expect(step.command?.source == "pvecm status")
    guard case .nodes(let names) = step.target else {
      Issue.record("expected named nodes, got \(String(describing: step.target))")
      return
    }
    #expect(names.map(\.source) == ["{{ healthy }}"])
    #expect(step.timeout == .seconds(30))
    let expect = try #require(step.expect)
    #expect(expect.exitCodes == [0, 2])
    #expect(expect.stdout?.source == #"Quorate:\s+Yes"#)
    #expect(expect.stdoutNot?.source == "blocked")
    #expect(expect.stderr?.source == "^$")
    #expect(expect.stderrNot?.source == "error")
    #expect(step.captures.map(\.name) == ["votes"])
    #expect(step.captures.first?.pattern?.source == #"Total votes:\s+(\d+)"#)
    #expect(step.retry == Retry(attempts: 3, interval: .milliseconds(500)))
    #expect(step.next?.target == .step("ping"))
    #expect(step.onFailure?.target == .step("decide"))
    #expect(step.finding?.severity == .warning)
    #expect(step.finding?.text.source == "no quorum on {{ target }}")
    #expect(step.cases.map(\.next.target) == [.step("decide"), .end])
    #expect(step.cases.first?.when.exitCodes == [2])
    #expect(step.cases.last?.when.stdout?.source == "Expected votes")
    #expect(step.cases.last?.when.exitCodes == nil, "a case constrains only what it names")
    #expect(step.confirm == nil && step.destructive == nil)
  }

  @Test func aQuestionKeepsItsChoicesInOrder() throws {
    let step = try #require(try CoreFixture.runbook(Self.everyField).step("decide"))
    guard case .ask(let question, let choices) = step.action else {
      Issue.record("decide should be a question")
      return
    }
    #expect(question.source == "Go on with {{ node }}?")
    #expect(choices.map(\.answer) == ["yes", "no", "later"])
    #expect(choices.map(\.next.target) == [.step("ping"), .abort, .end])
    #expect(step.isQuestion && step.command == nil && step.target == nil)
  }

  @Test func targetsConfirmationsAndDestructiveSteps() throws {
    let runbook = try CoreFixture.runbook(Self.everyField)
    #expect(runbook.step("ping")?.target == .local)
    #expect(runbook.step("ping")?.confirm?.prompt?.source == "Ping {{ node }}?")
    #expect(runbook.step("versions")?.target == .allNodes)
    guard case .nodes(let pair) = runbook.step("pair")?.target else {
      Issue.record("pair should name nodes")
      return
    }
    #expect(pair.map(\.source) == ["pve1", "{{ node }}"])
    #expect(runbook.step("pair")?.command?.source == "true", "a quoted 'true' is a command, not a boolean")
    let remove = try #require(runbook.step("remove"))
    #expect(remove.destructive?.subject?.source == "{{ node }}")
    #expect(remove.confirm != nil && remove.confirm?.prompt == nil, "confirm: true asks the generic question")
    let reboot = try #require(runbook.step("reboot"))
    #expect(reboot.destructive != nil && reboot.destructive?.subject == nil)
  }

  @Test func defaultsApplyWhenFieldsAreLeftOut() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - id: a
              on: local
              run: x
              retry: {attempts: 2}
          """))
    #expect(runbook.defaultTimeout == Runbook.standardTimeout)
    #expect(runbook.description == nil && runbook.parameters.isEmpty && runbook.finally.isEmpty)
    let step = runbook.steps[0]
    #expect(step.expect == nil)
    #expect(step.expectation.exitCodes == [0], "no expect means exit 0")
    #expect(step.retry?.interval == .seconds(5))
    #expect(step.timeout == nil && step.next == nil && step.onFailure == nil && step.cases.isEmpty)
  }

  @Test(arguments: [("true", true), ("yes", true), ("True", true), ("false", false), ("no", false)])
  func confirmAndDestructiveReadBooleans(word: String, set: Bool) throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - id: a
              on: pve1
              run: x
              confirm: \(word)
              destructive: \(word)
          """))
    #expect((runbook.steps[0].confirm != nil) == set)
    #expect(runbook.steps[0].confirm?.prompt == nil)
    #expect((runbook.steps[0].destructive != nil) == set)
    #expect(runbook.steps[0].destructive?.subject == nil)
  }

  @Test func aSingleExitStatusNeedsNoList() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - id: a
              on: local
              run: x
              expect: {exit: 3}
          """))
    #expect(runbook.steps[0].expect?.exitCodes == [3])
  }

  @Test func templatesInTheRunbookAreParsedWithTheirColumns() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - id: a
              on: local
              run: echo {{ cluster }} {{ nodes.pve1.host }}
          """))
    let expressions = try #require(runbook.steps[0].command).expressions
    #expect(expressions.map { $0.path.joined(separator: ".") } == ["cluster", "nodes.pve1.host"])
    #expect(expressions.map(\.location.column) == [15, 29])
    #expect(expressions.allSatisfy { $0.location.line == 6 })
  }

  @Test func capturedNamesCoverMainAndFinallySteps() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - id: a
              on: local
              run: x
              capture: {first: '(a)'}
          """,
        finally: """
            - id: f
              on: local
              run: y
              capture: {second: '(b)'}
          """))
    #expect(runbook.capturedNames == ["first", "second"])
    #expect(runbook.step("f")?.id == "f", "finally steps are found by id too")
  }

  @Test func loadThrowsEveryErrorInSourceOrder() {
    let text = CoreFixture.text(
      steps: """
          - id: a
            on: local
            run: echo {{ nope }}
            next: b
          - id: a
            on: local
            run: x
        """)
    do {
      _ = try RunbookLoader.load(text: text, file: "rb.yaml")
      Issue.record("an invalid runbook loaded")
    } catch {
      let lines = error.errors.map { "\($0.location.line):\($0.location.column)" }
      #expect(lines == ["6:15", "7:11", "8:9", "8:9"], "the duplicate is also unreachable")
      #expect(error.description.hasPrefix("rb.yaml:6:15: error: 'nope' is not a parameter"))
      #expect(error.description.contains("\n    hint: "))
    }
  }
}

/// One runbook mistake and the exact diagnostic `check` gives for it.
struct LoaderMistake: Sendable, CustomTestStringConvertible {
  var name: String
  var text: String
  var expected: String

  init(_ name: String, steps: String, header: String = "", finally: String? = nil, expected: String) {
    self.name = name
    self.text = CoreFixture.text(steps: steps, header: header, finally: finally)
    self.expected = expected
  }

  init(_ name: String, text: String, expected: String) {
    self.name = name
    self.text = text
    self.expected = expected
  }

  var testDescription: String { name }
}

@Suite struct RunbookLoaderDiagnosticTests {
  // Line 1 is `name:`, line 2 `title:`, then the header, `steps:` and the steps.
  static let mistakes: [LoaderMistake] = [
    LoaderMistake(
      "misspelt check field",
      steps: """
          - id: a
            on: local
            run: x
            expect:
              stdot: x
        """,
      expected: "8:7: unknown field 'stdot' in 'expect' (did you mean 'stdout'?)"),
    LoaderMistake(
      "misspelt step field",
      steps: """
          - id: a
            on: local
            run: x
            nxt: end
        """,
      expected: "7:5: unknown field 'nxt' in a step (did you mean 'next'?)"),
    LoaderMistake(
      "misspelt top-level field",
      text: "name: demo\ntitle: Demo\ndescripton: x\nsteps:\n  - {id: a, on: local, run: x}\n",
      expected: "3:1: unknown field 'descripton' in a runbook (did you mean 'description'?)"),
    LoaderMistake(
      "misspelt parameter field",
      steps: "  - {id: a, on: local, run: x}\n", header: "params:\n  node: {requird: true}\n",
      expected: "4:10: unknown field 'requird' in parameter 'node' (did you mean 'required'?)"),
    LoaderMistake(
      "field given twice",
      steps: "  - {id: a, on: local, run: x, run: y}\n",
      expected: "4:24: duplicate keys: run"),
    LoaderMistake(
      "duplicate ids",
      steps: """
          - id: a
            on: local
            run: x
          - id: a
            on: local
            run: y
        """,
      expected: "7:9: duplicate step id 'a' (first used at line 4)"),
    LoaderMistake(
      "duplicate id between steps and finally",
      steps: "  - {id: a, on: local, run: x}\n", finally: "  - {id: a, on: local, run: y}\n",
      expected: "6:10: duplicate step id 'a' (first used at line 4)"),
    LoaderMistake(
      "next pointing nowhere",
      steps: """
          - id: a
            on: local
            run: x
            next: chek
          - id: check
            on: local
            run: y
        """,
      expected: "7:11: 'next' of step 'a' points to 'chek', which is no step (did you mean 'check'?)"),
    LoaderMistake(
      "on_failure pointing nowhere",
      steps: """
          - id: a
            on: local
            run: x
            on_failure: rescue
        """,
      expected: "7:17: 'on_failure' of step 'a' points to 'rescue', which is no step"),
    LoaderMistake(
      "a choice pointing nowhere",
      steps: """
          - id: q
            ask: Go?
            choices: {yes: go}
        """,
      expected: "6:20: choice 'yes' of step 'q' points to 'go', which is no step (did you mean 'q'?)"),
    LoaderMistake(
      "a case pointing nowhere",
      steps: """
          - id: a
            on: local
            run: x
            cases:
              - {when: {exit: 1}, next: retry-it}
        """,
      expected: "8:33: a case of step 'a' points to 'retry-it', which is no step"),
    LoaderMistake(
      "next pointing into finally",
      steps: """
          - id: a
            on: local
            run: x
            next: cleanup
        """,
      finally: "  - {id: cleanup, on: local, run: y}\n",
      expected: "7:11: 'next' of step 'a' points to 'cleanup', a 'finally' step"),
    LoaderMistake(
      "an unreachable step",
      steps: """
          - id: a
            on: local
            run: x
            next: end
          - id: b
            on: local
            run: y
        """,
      expected: "8:9: step 'b' can never run: no path from the first step leads to it"),
    LoaderMistake(
      "a step after a question that no choice names",
      steps: """
          - id: q
            ask: Go?
            choices: {yes: end}
          - id: b
            on: local
            run: y
        """,
      expected: "7:9: step 'b' can never run: no path from the first step leads to it"),
    LoaderMistake(
      "an invalid regex",
      steps: """
          - id: a
            on: local
            run: x
            expect: {stdout: '('}
        """,
      expected: "7:22: 'stdout' is not a valid regular expression: /(/"),
    LoaderMistake(
      "an invalid regex in a case",
      steps: """
          - id: a
            on: local
            run: x
            cases:
              - when: {stderr_not: '[a'}
                next: end
        """,
      expected: "8:28: 'stderr_not' is not a valid regular expression: /[a/"),
    LoaderMistake(
      "a capture with two groups",
      steps: """
          - id: a
            on: local
            run: x
            capture: {v: 'a(b)(c)'}
        """,
      expected: "7:18: the pattern of 'v' has 2 groups; it needs exactly one"),
    LoaderMistake(
      "a capture with no group",
      steps: """
          - id: a
            on: local
            run: x
            capture: {v: 'abc'}
        """,
      expected: "7:18: the pattern of 'v' has 0 groups; it needs exactly one"),
    LoaderMistake(
      "a capture named like a built-in",
      steps: """
          - id: a
            on: local
            run: x
            capture: {cluster: '(a)'}
        """,
      expected: "7:15: 'cluster' is a built-in variable and cannot be captured"),
    LoaderMistake(
      "an undefined template variable",
      steps: """
          - id: a
            on: local
            run: echo {{ nod }}
        """,
      header: "params:\n  node: The node\n",
      expected: "8:15: 'nod' is not a parameter, a captured variable or a built-in (did you mean 'node'?)"),
    LoaderMistake(
      "an undefined variable in a finding",
      steps: """
          - id: a
            on: local
            run: x
            finding: {severity: info, text: "see {{ missing }}"}
        """,
      expected: "7:42: 'missing' is not a parameter, a captured variable or a built-in"),
    LoaderMistake(
      "a placeholder inside ${…}",
      steps: """
          - id: a
            on: local
            run: echo "${X:-{{ cluster }}}"
        """,
      expected:
        "6:21: '{{ cluster }}' cannot be quoted safely: it stands inside ${…}, where quoting rules differ between shells; assign it to a variable first"
    ),
    LoaderMistake(
      "a placeholder inside $'…' in a quoted scalar",
      steps: """
          - id: a
            on: local
            run: "echo $'{{ cluster }}'"
        """,
      expected:
        "6:18: '{{ cluster }}' cannot be quoted safely: it stands inside $'…', which decodes backslash escapes; use '…' or \"…\""
    ),
    LoaderMistake(
      "an unknown part of an inventory node",
      steps: """
          - id: a
            on: local
            run: ping {{ nodes.pve1.addr }}
        """,
      expected: "6:15: write nodes.NAME.host, nodes.NAME.port or nodes.NAME.user"),
    LoaderMistake(
      "a part of a parameter",
      steps: """
          - id: a
            on: local
            run: echo {{ node.pve1 }}
        """,
      header: "params:\n  node: The node\n",
      expected: "8:15: 'node.pve1' has no such part; only captures from fan-out steps have one ('node.NODE')"),
    LoaderMistake(
      "an unknown filter",
      steps: """
          - id: a
            on: local
            run: ping {{ cluster | hots }}
        """,
      expected: "6:15: unknown filter 'hots' (did you mean 'host'?)"),
    LoaderMistake(
      "an unclosed placeholder",
      steps: """
          - id: a
            on: local
            run: echo {{ cluster
        """,
      expected: "6:15: '{{' is never closed"),
    LoaderMistake(
      "an empty placeholder",
      steps: """
          - id: a
            on: local
            run: echo {{ }}
        """,
      expected: "6:15: empty placeholder '{{ }}'"),
    LoaderMistake(
      "a placeholder that is not a name",
      steps: """
          - id: a
            on: local
            run: echo {{ a..b }}
        """,
      expected: "6:15: 'a..b' is not a variable name"),
    LoaderMistake(
      "a bad step timeout",
      steps: """
          - id: a
            on: local
            run: x
            timeout: 5 minutes
        """,
      expected: "7:14: 'timeout' must be a duration such as 500ms, 30s, 5m or 1h"),
    LoaderMistake(
      "a zero timeout",
      steps: "  - {id: a, on: local, run: x, timeout: 0s}\n",
      expected: "4:41: 'timeout' must be a duration such as 500ms, 30s, 5m or 1h"),
    LoaderMistake(
      "a bad runbook timeout",
      steps: "  - {id: a, on: local, run: x}\n", header: "timeout: soon\n",
      expected: "3:10: 'timeout' must be a duration such as 500ms, 30s, 5m or 1h"),
    LoaderMistake(
      "a bad retry interval",
      steps: "  - {id: a, on: local, run: x, retry: {attempts: 2, interval: 5x}}\n",
      expected: "4:63: 'interval' must be a duration such as 500ms, 30s, 5m or 1h"),
    LoaderMistake(
      "a command step without on",
      steps: """
          - id: a
            run: x
        """,
      expected: "4:9: step 'a' does not say where it runs"),
    LoaderMistake(
      "a question with retry",
      steps: """
          - id: q
            ask: Ready?
            choices: {yes: end}
            retry: {attempts: 2}
        """,
      expected: "4:9: 'retry' has no meaning on question step 'q'"),
    LoaderMistake(
      "a question with on",
      steps: """
          - id: q
            ask: Ready?
            choices: {yes: end}
            on: pve1
        """,
      expected: "4:9: 'on' has no meaning on question step 'q'"),
    LoaderMistake(
      "a question with expect",
      steps: """
          - id: q
            ask: Ready?
            choices: {yes: end}
            expect: {exit: 0}
        """,
      expected: "4:9: 'expect' has no meaning on question step 'q'"),
    LoaderMistake(
      "a question with next",
      steps: """
          - id: q
            ask: Ready?
            choices: {yes: end}
            next: end
        """,
      expected: "4:9: 'next' has no meaning on question step 'q'"),
    LoaderMistake(
      "a question with confirm",
      steps: """
          - id: q
            ask: Ready?
            choices: {yes: end}
            confirm: true
        """,
      expected: "4:9: 'confirm' has no meaning on question step 'q'"),
    LoaderMistake(
      "a finally step with next",
      steps: "  - {id: a, on: local, run: x}\n", finally: "  - {id: f, on: local, run: y, next: end}\n",
      expected: "6:10: finally step 'f' cannot branch"),
    LoaderMistake(
      "a finally step with cases",
      steps: "  - {id: a, on: local, run: x}\n",
      finally: "  - {id: f, on: local, run: y, cases: [{when: {exit: 1}, next: abort}]}\n",
      expected: "6:10: finally step 'f' cannot branch"),
    LoaderMistake(
      "a finally step that asks",
      steps: "  - {id: a, on: local, run: x}\n", finally: "  - {id: f, ask: Sure?, choices: {yes: end}}\n",
      expected: "6:10: finally step 'f' cannot ask a question"),
    LoaderMistake(
      "a destructive step on all nodes",
      steps: "  - {id: a, on: all, run: x, destructive: true}\n",
      expected:
        "4:10: destructive step 'a' does not run on exactly one node, so it is unclear which node is at risk"),
    LoaderMistake(
      "a destructive step on two nodes",
      steps: "  - {id: a, on: [pve1, pve2], run: x, destructive: true}\n",
      expected:
        "4:10: destructive step 'a' does not run on exactly one node, so it is unclear which node is at risk"),
    LoaderMistake(
      "a destructive step on the operator's machine",
      steps: "  - {id: a, on: local, run: x, destructive: yes}\n",
      expected:
        "4:10: destructive step 'a' does not run on exactly one node, so it is unclear which node is at risk"),
    LoaderMistake(
      "a step named end",
      steps: "  - {id: end, on: local, run: x}\n",
      expected: "4:10: step id 'end' must be one word of letters, digits, '-' and '_', and not 'end' or 'abort'"),
    LoaderMistake(
      "a step id with a space",
      steps: "  - {id: 'two words', on: local, run: x}\n",
      expected:
        "4:10: step id 'two words' must be one word of letters, digits, '-' and '_', and not 'end' or 'abort'"),
    LoaderMistake(
      "a step without id",
      steps: """
          - on: local
            run: x
        """,
      expected: "4:5: a step has no 'id'"),
    LoaderMistake(
      "a step with run and ask",
      steps: """
          - id: a
            on: local
            run: x
            ask: y
        """,
      expected: "7:10: step 'a' has both 'run' and 'ask'"),
    LoaderMistake(
      "a step with neither run nor ask",
      steps: """
          - id: a
            on: local
        """,
      expected: "4:5: step 'a' has neither 'run' nor 'ask'"),
    LoaderMistake(
      "choices on a command step",
      steps: "  - {id: a, on: local, run: x, choices: {yes: end}}\n",
      expected: "4:41: 'choices' belongs to 'ask' steps"),
    LoaderMistake(
      "a question without choices",
      steps: "  - {id: q, ask: Go?}\n",
      expected: "4:18: an 'ask' step needs 'choices'"),
    LoaderMistake(
      "empty choices",
      steps: "  - {id: q, ask: Go?, choices: {}}\n",
      expected: "4:32: 'choices' must map each answer to a step id, 'end' or 'abort'"),
    LoaderMistake(
      "local inside a list of nodes",
      steps: "  - {id: a, on: [pve1, local], run: x}\n",
      expected: "4:17: 'local' and 'all' stand alone in 'on', not in a list"),
    LoaderMistake(
      "an empty list of nodes",
      steps: "  - {id: a, on: [], run: x}\n",
      expected: "4:17: 'on' lists no nodes"),
    LoaderMistake(
      "on as a mapping",
      steps: "  - {id: a, on: {node: pve1}, run: x}\n",
      expected: "4:17: 'on' must be a node name, 'local', 'all' or a list of nodes"),
    LoaderMistake(
      "an empty expect",
      steps: "  - {id: a, on: local, run: x, expect: {}}\n",
      expected: "4:40: 'expect' has no condition"),
    LoaderMistake(
      "an exit status above 255",
      steps: "  - {id: a, on: local, run: x, expect: {exit: [0, 256]}}\n",
      expected: "4:51: an exit status must be a whole number from 0 to 255"),
    LoaderMistake(
      "an exit status that is no number",
      steps: "  - {id: a, on: local, run: x, expect: {exit: ok}}\n",
      expected: "4:47: an exit status must be a whole number from 0 to 255"),
    LoaderMistake(
      "an empty exit list",
      steps: "  - {id: a, on: local, run: x, expect: {exit: []}}\n",
      expected: "4:47: 'exit' lists no status"),
    LoaderMistake(
      "capture as a list",
      steps: "  - {id: a, on: local, run: x, capture: ['(a)']}\n",
      expected: "4:41: 'capture' must map variable names to patterns with one group, or to {json: PATH}"),
    LoaderMistake(
      "retry without attempts",
      steps: "  - {id: a, on: local, run: x, retry: {interval: 1s}}\n",
      expected: "4:39: 'retry' needs 'attempts'"),
    LoaderMistake(
      "retry with zero attempts",
      steps: "  - {id: a, on: local, run: x, retry: {attempts: 0}}\n",
      expected: "4:50: 'attempts' must be a whole number from 1 to 10000"),
    LoaderMistake(
      "a misspelt severity",
      steps: "  - {id: a, on: local, run: x, finding: {severity: critcal, text: t}}\n",
      expected: "4:52: severity 'critcal' is not critical, warning or info (did you mean 'critical'?)"),
    LoaderMistake(
      "a finding without text",
      steps: "  - {id: a, on: local, run: x, finding: {severity: info}}\n",
      expected: "4:41: 'finding' needs 'severity' and 'text'"),
    LoaderMistake(
      "cases as a mapping",
      steps: "  - {id: a, on: local, run: x, cases: {when: {exit: 1}}}\n",
      expected: "4:39: 'cases' must be a list of {when: …, next: …}"),
    LoaderMistake(
      "a case without next",
      steps: "  - {id: a, on: local, run: x, cases: [{when: {exit: 1}}]}\n",
      expected: "4:40: a case needs both 'when' and 'next'"),
    LoaderMistake(
      "a parameter named like a built-in",
      steps: "  - {id: a, on: local, run: x}\n", header: "params:\n  target: The node\n",
      expected: "4:3: 'target' is a built-in variable and cannot be a parameter"),
    LoaderMistake(
      "a required parameter with a default",
      steps: "  - {id: a, on: local, run: x}\n", header: "params:\n  node: {required: true, default: pve1}\n",
      expected: "4:3: parameter 'node' is required and has a default"),
    LoaderMistake(
      "required that is not a boolean",
      steps: "  - {id: a, on: local, run: x}\n", header: "params:\n  node: {required: maybe}\n",
      expected: "4:20: 'required' must be true or false"),
    LoaderMistake(
      "a parameter name with a dot",
      steps: "  - {id: a, on: local, run: x}\n", header: "params:\n  a.b: x\n",
      expected: "4:3: a parameter name must be a word of letters, digits, '-' and '_'"),
    LoaderMistake(
      "params as a list",
      steps: "  - {id: a, on: local, run: x}\n", header: "params: [node]\n",
      expected: "3:9: 'params' must map each parameter name to its description"),
    LoaderMistake(
      "a name with spaces",
      text: "name: my runbook\ntitle: T\nsteps:\n  - {id: a, on: local, run: x}\n",
      expected: "1:7: 'name' must be one word of letters, digits, '-' and '_'"),
    LoaderMistake(
      "steps as a mapping",
      text: "name: a\ntitle: T\nsteps: {id: a}\n",
      expected: "3:8: 'steps' must be a list of steps"),
    LoaderMistake(
      "a step that is not a mapping",
      text: "name: a\ntitle: T\nsteps:\n  - just text\n",
      expected: "4:5: a step must be a mapping of keys to values"),
    LoaderMistake(
      "no steps at all",
      text: "name: a\ntitle: T\nsteps: []\n",
      expected: "1:1: the runbook has no steps"),
    LoaderMistake(
      "no steps field",
      text: "name: a\ntitle: T\n",
      expected: "1:1: the runbook has no 'steps'"),
    LoaderMistake(
      "no name",
      text: "title: T\nsteps:\n  - {id: a, on: local, run: x}\n",
      expected: "1:1: the runbook has no 'name'"),
    LoaderMistake(
      "a title that is a list",
      text: "name: a\ntitle: [a, b]\nsteps:\n  - {id: a, on: local, run: x}\n",
      expected: "2:8: 'title' must be text"),
    LoaderMistake(
      "a runbook that is a list",
      text: "- name: a\n",
      expected: "1:1: a runbook must be a mapping of keys to values"),
    LoaderMistake(
      "an empty file",
      text: "",
      expected: "1:1: the file is empty"),
    LoaderMistake(
      "only a comment",
      text: "# nothing here\n",
      expected: "1:1: the file is empty"),
    LoaderMistake(
      "broken YAML",
      text: "name: a\ntitle: [unclosed\nsteps: []\n",
      expected: "3:6: invalid YAML: did not find expected ',' or ']'"),
    LoaderMistake(
      "two documents",
      text: "name: a\n---\nname: b\n",
      expected: "2:1: invalid YAML: but found another document"),
    LoaderMistake(
      "a tab used for indentation",
      text: "name: a\ntitle: T\nsteps:\n\t- id: a\n",
      expected: "4:1: invalid YAML: found character that cannot start any token"),
  ]

  @Test(arguments: mistakes)
  func eachMistakeIsReportedWhereItIs(_ mistake: LoaderMistake) {
    let problems = CoreFixture.problems(mistake.text)
    #expect(problems.contains(mistake.expected), "got:\n\(problems.joined(separator: "\n"))")
    let diagnostics = CoreFixture.diagnostics(mistake.text)
    #expect(diagnostics.allSatisfy { $0.location.file == "rb.yaml" && $0.severity == .error })
    #expect(throws: DiagnosticList.self) { try RunbookLoader.load(text: mistake.text, file: "rb.yaml") }
  }

  @Test func aMisspeltFieldGetsTheListOfValidFieldsAsAHint() throws {
    let text = CoreFixture.text(
      steps: """
          - id: a
            on: local
            run: x
            expect: {stdot: x, exit: 0}
        """)
    let diagnostic = try #require(CoreFixture.diagnostics(text).first)
    #expect(
      diagnostic.description == """
        rb.yaml:7:14: error: unknown field 'stdot' in 'expect' (did you mean 'stdout'?)
            hint: fields of 'expect': exit, stdout, stdout_not, stderr, stderr_not, json
        """)
    #expect(CoreFixture.diagnostics(text).count == 1, "the other field still counts as a condition")
  }

  @Test func everyMistakeIsReportedInOnePass() {
    let text = CoreFixture.text(
      steps: """
          - id: a
            on: local
            run: x
            nxt: end
            timeout: forever
          - id: b
            run: y
        """)
    #expect(
      CoreFixture.problems(text) == [
        "7:5: unknown field 'nxt' in a step (did you mean 'next'?)",
        "8:14: 'timeout' must be a duration such as 500ms, 30s, 5m or 1h",
        "9:9: step 'b' does not say where it runs",
      ])
  }

  @Test func aByteOrderMarkIsNoPartOfTheText() throws {
    // Some Windows editors start UTF-8 files with one.
    let runbook = try CoreFixture.runbook("\u{FEFF}" + CoreFixture.text(steps: "  - {id: a, on: local, run: x}\n"))
    #expect(runbook.name == "demo" && runbook.steps.map(\.id) == ["a"])
    #expect(
      CoreFixture.problems("\u{FEFF}name: x y\ntitle: t\nsteps:\n  - {id: a, on: local, run: x}\n") == [
        "1:7: 'name' must be one word of letters, digits, '-' and '_'"
      ])
  }

  @Test func aValidRunbookHasNoDiagnostics() {
    #expect(CoreFixture.problems(RunbookLoaderFieldTests.everyField) == [])
  }

  @Test func diagnosticsNameTheFileTheyWereGiven() {
    let diagnostics = RunbookLoader.check(text: "name: a\n", file: "Runbooks/x.yaml")
    #expect(!diagnostics.isEmpty)
    #expect(diagnostics.allSatisfy { $0.location.file == "Runbooks/x.yaml" })
    #expect(diagnostics.first?.description.hasPrefix("Runbooks/x.yaml:1:1: error: ") == true)
  }

  @Test func aStepReachedOnlyThroughACaseOrChoiceIsReachable() {
    let text = CoreFixture.text(
      steps: """
          - id: a
            on: local
            run: x
            next: end
            cases: [{when: {exit: 3}, next: b}]
          - id: b
            on: local
            run: y
            next: q
          - id: q
            ask: Which?
            choices: {c: c}
          - id: c
            on: local
            run: z
        """)
    #expect(CoreFixture.problems(text) == [])
  }
}
