import Testing

@testable import LifelineCore

@Suite struct DryRunPlanTests {
  static let runbook = try! RunbookLoader.load(
    text: """
      name: rejoin
      title: Rejoin a node
      params:
        node: {required: true}
        token: {secret: true}
        note: {description: Free text}
      timeout: 45s
      steps:
        - id: check
          title: Is the node reachable?
          on: local
          run: ping -c 1 {{ node | host }}
          retry: {attempts: 4, interval: 2s}
          on_failure: ask-power
          cases:
            - {when: {exit: 2}, next: end}
        - id: ask-power
          ask: Is {{ node }} powered on?
          choices: {yes: remove, no: abort}
        - id: remove
          on: pve1
          run: pvecm delnode {{ node }}
          destructive: "{{ node }}"
          confirm: true
          timeout: 2m
          next: end
      finally:
        - id: tidy
          on: "{{ node }}"
          run: rm -f /tmp/lifeline
      """, file: "rb.yaml")

  @Test func thePlanShowsEveryStepWhereItRunsWhatItSendsAndWhereItLeads() {
    let plan = DryRunPlan.render(
      Self.runbook, parameters: ["node": "pve3", "token": "hunter2"], inventory: CoreFixture.inventory)
    #expect(
      plan == """
        Plan for runbook 'rejoin': Rejoin a node
          cluster homelab, parameters: node='pve3', token=‹redacted›, note=(unset)

        1. [check] Is the node reachable?
           on: local
           run: ping -c 1 10.0.0.3
           timeout: 45s
           retry: up to 4 attempts, 2s apart
           case 1: when exit 2 → end
           ok → ask-power
           failed → ask-power

        2. [ask-power] ask-power
           ask: Is pve3 powered on?
             'yes' → remove
             'no' → abort

        3. [remove] remove
           on: pve1
           run: pvecm delnode pve3
           timeout: 2m
           DESTRUCTIVE: the operator types the node name; interlocks apply
           confirm first
           ok → end
           failed → abort

        Always, when the runbook ends:
        F1. [tidy] tidy
           on: pve3
           run: rm -f /tmp/lifeline
           timeout: 45s
        """)
    #expect(!plan.contains("hunter2"), "a secret never reaches the screen")
  }

  @Test func secretParametersAreMaskedInCommandsAndTheRunbooksTextIsTerminalSafe() throws {
    let runbook = try RunbookLoader.load(
      text: """
        name: hostile
        title: "Hostile \\e]0;TITLE\\a runbook"
        params:
          pw: {secret: true}
        steps:
          - id: use
            title: "Use \\e[2J it \\u202e"
            on: local
            run: curl -u root:{{ pw }} https://pve1:8006/
            confirm: "Send {{ pw }}?"
          - id: ask
            ask: "Was {{ pw }} accepted?"
            choices: {yes: end}
        """, file: "hostile.yaml")
    let plan = DryRunPlan.render(runbook, parameters: ["pw": "hunter2"], inventory: CoreFixture.inventory)
    #expect(!plan.contains("hunter2"), "a secret never reaches the screen, in a command neither")
    #expect(plan.contains("run: curl -u root:'‹redacted›' https://pve1:8006/"), "\(plan)")
    #expect(plan.contains("ask: Was ‹redacted› accepted?"))
    #expect(!plan.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" })
    #expect(plan.contains("Hostile ^[]0;TITLE^G runbook"))
  }

  @Test func valuesOnlyARunCanProduceAreShownByName() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - {id: count, on: pve1, run: pvecm status, capture: {votes: 'Total votes:\\s+(\\d+)'}}
            - {id: show, on: pve2, run: "echo {{ votes }} > /tmp/votes", next: end}
          """))
    let plan = DryRunPlan.render(runbook, parameters: [:], inventory: CoreFixture.inventory)
    let line = try #require(plan.split(separator: "\n").first { $0.contains("echo") })
    #expect(line.contains("<votes>") && line.hasSuffix("> /tmp/votes"))
    #expect(!plan.contains("cannot render"))
  }

  @Test func aValueThatIsMissingIsShownWithTheReason() {
    let plan = DryRunPlan.render(Self.runbook, parameters: [:], inventory: CoreFixture.inventory)
    #expect(plan.contains("  cluster homelab, parameters: node=(unset), token=‹redacted›, note=(unset)"))
    #expect(plan.contains("   run: ping -c 1 {{ node | host }}  (cannot render yet: 'node' has no value yet)"))
  }

  @Test func aRunbookWithoutParametersSaysSo() throws {
    let runbook = try CoreFixture.runbook(CoreFixture.text(steps: "  - {id: a, on: [pve1, pve2], run: uptime}\n"))
    let plan = DryRunPlan.render(runbook, parameters: [:], inventory: CoreFixture.inventory)
    #expect(plan.hasPrefix("Plan for runbook 'demo': Demo\n  cluster homelab, parameters: none\n"))
    #expect(plan.contains("   on: pve1, pve2\n   run: uptime\n   timeout: 1m\n   ok → end\n   failed → abort"))
  }
}
