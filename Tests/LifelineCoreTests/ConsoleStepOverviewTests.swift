import LifelineCore
import Testing

@Suite("console: show's step list and its marks")
struct ConsoleStepOverviewTests {
  let runbook = try! RunbookLoader.load(
    text: """
      name: drill
      title: A drill
      steps:
        - {id: hello, title: Say hello, on: local, run: echo hello}
        - id: decide
          ask: Go on?
          choices: {yes: slow, no: end}
        - {id: slow, on: pve2, run: sleep 30}
        - {id: change, title: Change it, on: all, run: echo changed}
      finally:
        - {id: cleanup, on: local, run: echo cleanup}
      """, file: "drill.yaml")

  @Test("steps show done, failed, skipped and current, with their nodes and titles")
  func overview() {
    var marks = StepMarks()
    marks.apply(TranscriptEvent(.stepEnd, [("step", .string("hello")), ("result", .string("ok"))]))
    marks.apply(TranscriptEvent(.stepEnd, [("step", .string("decide")), ("result", .string("ok"))]))
    marks.apply(TranscriptEvent(.stepEnd, [("step", .string("slow")), ("result", .string("failed"))]))
    marks.apply(TranscriptEvent.flow(.skip, step: "change", detail: "skipped by the operator"))
    let sections = StepOverview.sections(of: runbook, marks: marks, current: "cleanup")
    #expect(sections.map(\.heading) == [nil, "finally"])
    #expect(
      sections.flatMap(\.rows).map { $0.symbol + " " + $0.text } == [
        "✓ hello    local  Say hello",
        "✓ decide   ask",
        "✗ slow     pve2",
        "↷ change   all    Change it",
        "▶ cleanup  local",
      ])
  }

  @Test("loading a runbook again clears the marks; a later success replaces a failure")
  func marksFollowTheRecord() {
    var marks = StepMarks()
    marks.apply(TranscriptEvent(.stepEnd, [("step", .string("slow")), ("result", .string("failed"))]))
    #expect(marks["slow"] == .failed)
    marks.apply(TranscriptEvent(.stepEnd, [("step", .string("slow")), ("result", .string("ok"))]))
    #expect(marks["slow"] == .done)
    marks.apply(.runbookLoaded(name: "drill", file: "drill.yaml", sha256: "00", parameters: []))
    #expect(marks["slow"] == nil)
    marks.apply(.flow(.goto, step: "slow", detail: "from hello"))
    #expect(marks["slow"] == nil)
  }
}
