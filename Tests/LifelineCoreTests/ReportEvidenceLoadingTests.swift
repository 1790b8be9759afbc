import Testing

@testable import LifelineCore

/// `evidence:` on steps and `action:` in findings, as the loader and validator read them.
@Suite struct ReportEvidenceLoadingTests {
  @Test func evidenceIsAKindOrAListOfKinds() throws {
    let text = CoreFixture.text(
      steps: """
          - id: a
            on: local
            run: journalctl
            evidence: journal
          - id: b
            on: local
            run: pvecm status
            evidence: [quorum, guests]
            finding: {severity: info, text: t, action: 'Fix {{ node }}'}
        """, header: "params:\n  node: {required: true}\n")
    #expect(CoreFixture.problems(text) == [])
    let runbook = try RunbookLoader.load(text: text, file: "rb.yaml")
    #expect(runbook.steps[0].evidence?.kinds == [.journal])
    #expect(runbook.steps[1].evidence?.kinds == [.quorum, .guests])
    #expect(runbook.steps[1].finding?.action?.source == "Fix {{ node }}")
    #expect(runbook.steps[0].finding == nil)
  }

  @Test(arguments: [
    ("evidence: jounral", "7:15: unknown evidence kind 'jounral' (did you mean 'journal'?)"),
    ("evidence: [journal, journal]", "7:25: evidence kind 'journal' appears twice"),
    ("evidence: {kind: journal}", "7:15: 'evidence' must be a kind or a list of kinds"),
    ("evidence: []", "7:15: 'evidence' must be a kind or a list of kinds"),
    (
      "finding: {severity: info, text: t, action: 'Ask {{ nobody }}'}",
      "7:53: 'nobody' is not a parameter, a captured variable or a built-in"
    ),
    ("finding: {severity: info, action: x}", "7:14: 'finding' needs 'severity' and 'text'"),
  ])
  func mistakesAreReportedWhereTheyAre(_ field: String, _ expected: String) {
    let text = CoreFixture.text(
      steps: """
          - id: a
            on: local
            run: x
            \(field)
        """)
    let problems = CoreFixture.problems(text)
    #expect(problems.contains(expected), "got:\n\(problems.joined(separator: "\n"))")
  }

  @Test func aQuestionCannotBeEvidence() {
    let text = CoreFixture.text(
      steps: """
          - id: a
            ask: Is it on?
            choices: {yes: end}
            evidence: journal
        """)
    #expect(CoreFixture.problems(text).contains("7:15: question step 'a' cannot be evidence: it prints no output"))
  }
}
