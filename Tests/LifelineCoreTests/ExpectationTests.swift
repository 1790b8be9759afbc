import Testing

@testable import LifelineCore

enum CheckFixture {
  static let here = SourceLocation(file: "rb.yaml", line: 1, column: 1)

  static func pattern(_ source: String) -> Pattern {
    try! Pattern(source, at: here)
  }

  static func result(
    _ outcome: CommandOutcome, stdout: String = "", stderr: String = "", on target: ExecutionTarget = .node("pve1")
  ) -> RunResult {
    RunResult(target: target, command: "cmd", outcome: outcome, stdout: OutputTail(stdout), stderr: OutputTail(stderr))
  }

  static func holds(_ check: Check, _ results: RunResult...) -> Bool {
    CheckEvaluator.holds(check, on: results)
  }
}

@Suite struct PatternTests {
  @Test func patternsSearchAnywhere() {
    #expect(CheckFixture.pattern("Quorate").matches("Votequorum\nQuorate:  Yes\n"))
    #expect(!CheckFixture.pattern("quorate").matches("Quorate: Yes"), "patterns are case-sensitive")
    #expect(CheckFixture.pattern("(?i)quorate").matches("Quorate: Yes"))
  }

  @Test func anchorsMatchAtEveryLine() {
    let output = "Cluster information\nQuorate:          Yes\nNodes: 3\n"
    #expect(CheckFixture.pattern(#"^Quorate:\s+Yes$"#).matches(output))
    #expect(CheckFixture.pattern("^Nodes: 3$").matches(output))
    #expect(!CheckFixture.pattern("^Yes").matches(output))
    #expect(CheckFixture.pattern(#"^$"#).matches(""), "an empty output is one empty line")
  }

  @Test func theFirstGroupOfTheFirstMatchIsCaptured() {
    let pattern = CheckFixture.pattern(#"Total votes:\s+(\d+)"#)
    #expect(pattern.captureGroupCount == 1)
    #expect(pattern.firstGroup(in: "Expected votes: 3\nTotal votes: 2\nTotal votes: 9") == "2")
    #expect(pattern.firstGroup(in: "nothing") == nil)
    #expect(CheckFixture.pattern("a(x)?b").firstGroup(in: "ab") == nil, "a group that did not take part gives nothing")
  }

  @Test func invalidPatternsThrowAndEqualityIsBySource() throws {
    #expect(throws: (any Error).self) { try Pattern("(", at: CheckFixture.here) }
    let a = CheckFixture.pattern("x+")
    let b = try Pattern("x+", at: SourceLocation(file: "other", line: 9, column: 9))
    #expect(a == b && a.hashValue == b.hashValue)
    #expect(a.description == "/x+/")
  }

  @Test func patternsWorkOnNonASCIIText() {
    #expect(CheckFixture.pattern("état: (\\w+)").firstGroup(in: "🛟 état: prêt") == "prêt")
  }
}

@Suite struct CheckEvaluatorTests {
  @Test func exitStatusesAreASetOfAcceptedValues() {
    let check = Check(exitCodes: [0, 2], location: CheckFixture.here)
    #expect(CheckFixture.holds(check, CheckFixture.result(.exited(0))))
    #expect(CheckFixture.holds(check, CheckFixture.result(.exited(2))))
    #expect(!CheckFixture.holds(check, CheckFixture.result(.exited(1))))
    let results = CheckEvaluator.evaluate(check, on: [CheckFixture.result(.exited(1))])
    #expect(results == [CheckResult(target: .node("pve1"), condition: "exit in 0, 2", held: false, observed: "exit 1")])
    let single = CheckEvaluator.evaluate(
      Check(exitCodes: [0], location: CheckFixture.here), on: [CheckFixture.result(.exited(0))])
    #expect(single == [CheckResult(target: .node("pve1"), condition: "exit 0", held: true)])
  }

  @Test func aCheckWithoutExitAcceptsAnyStatus() {
    let check = Check(stdout: CheckFixture.pattern("ok"), location: CheckFixture.here)
    #expect(CheckFixture.holds(check, CheckFixture.result(.exited(7), stdout: "ok")))
  }

  @Test func everyConditionMustHold() {
    let check = Check(
      exitCodes: [0], stdout: CheckFixture.pattern("^running$"), stdoutNot: CheckFixture.pattern("error"),
      stderr: CheckFixture.pattern("^$"), stderrNot: CheckFixture.pattern("fatal"), location: CheckFixture.here)
    #expect(CheckFixture.holds(check, CheckFixture.result(.exited(0), stdout: "state\nrunning\n")))
    #expect(!CheckFixture.holds(check, CheckFixture.result(.exited(1), stdout: "running")))
    #expect(!CheckFixture.holds(check, CheckFixture.result(.exited(0), stdout: "stopped")))
    #expect(!CheckFixture.holds(check, CheckFixture.result(.exited(0), stdout: "running\nerror: x")))
    #expect(!CheckFixture.holds(check, CheckFixture.result(.exited(0), stdout: "running", stderr: "fatal")))
    let conditions = CheckEvaluator.evaluate(check, on: [CheckFixture.result(.exited(0), stdout: "running")]).map(
      \.condition)
    #expect(conditions == ["exit 0", "stdout /^running$/", "stdout_not /error/", "stderr /^$/", "stderr_not /fatal/"])
  }

  @Test func whatWasSeenIsExplained() {
    let check = Check(
      stdout: CheckFixture.pattern("Yes"), stderrNot: CheckFixture.pattern("warn"), location: CheckFixture.here)
    let results = CheckEvaluator.evaluate(
      check, on: [CheckFixture.result(.exited(0), stdout: "line 1\nQuorate: No\n\n", stderr: "a warning")])
    #expect(
      results.map(\.observed) == [
        "no match in output ending \"Quorate: No\"", "matched in output ending \"a warning\"",
      ])
    let empty = CheckEvaluator.evaluate(check, on: [CheckFixture.result(.exited(0))])
    #expect(empty.first?.observed == "no match in empty output")
    let long = String(repeating: "x", count: 200)
    let excerpt = CheckEvaluator.excerpt(long)
    #expect(excerpt == "output ending \"…\(String(repeating: "x", count: 79))\"")
  }

  @Test(arguments: [
    CommandOutcome.failed(.connectionRefused(address: "10.0.0.1:22")), .failed(.timeout(.seconds(30))),
    .failed(.cancelled), .signaled("KILL"), .failed(.unknownNode("pve9", suggestion: nil)),
  ])
  func aCommandThatDidNotFinishFailsEveryCheckEvenStdoutNot(outcome: CommandOutcome) {
    let silenceIsGood = Check(stdoutNot: CheckFixture.pattern("error"), location: CheckFixture.here)
    #expect(!CheckFixture.holds(silenceIsGood, CheckFixture.result(outcome)))
    let anything = Check(exitCodes: nil, location: CheckFixture.here)
    #expect(!CheckFixture.holds(anything, CheckFixture.result(outcome)))
    let results = CheckEvaluator.evaluate(silenceIsGood, on: [CheckFixture.result(outcome)])
    #expect(results.count == 1 && results[0].condition == "command ran" && !results[0].held)
  }

  @Test func theReasonACommandDidNotRunIsObserved() {
    let check = Check(exitCodes: [0], location: CheckFixture.here)
    let observed = [
      CommandOutcome.failed(.timeout(.seconds(30))), .signaled("TERM"), .failed(.connectionRefused(address: "a")),
    ].map { CheckEvaluator.evaluate(check, on: [CheckFixture.result($0)])[0].observed }
    #expect(observed == ["timeout after 30s", "killed by SIGTERM", "connection refused"])
  }

  @Test func inAFanOutACheckHoldsOnlyWhenItHoldsOnEveryNode() {
    let check = Check(exitCodes: [0], location: CheckFixture.here)
    let good = CheckFixture.result(.exited(0), on: .node("pve1"))
    let bad = CheckFixture.result(.exited(1), on: .node("pve2"))
    #expect(CheckFixture.holds(check, good, good))
    #expect(!CheckFixture.holds(check, good, bad))
    let failing = CheckEvaluator.evaluate(check, on: [good, bad]).filter { !$0.held }.map(\.target)
    #expect(failing == [.node("pve2")])
  }
}

@Suite struct OutputTailTests {
  @Test func aSmallOutputIsKeptWhole() {
    var tail = OutputTail()
    tail.append(Array("hello ".utf8))
    tail.append(Array("world".utf8))
    #expect(tail.text == "hello world")
    #expect(tail.totalCount == 11 && !tail.isTruncated)
  }

  @Test func onlyTheLastBytesAreKeptButAllAreCounted() {
    var tail = OutputTail(limit: 8)
    for chunk in ["0123", "4567", "89ab", "cdef", "g"] { tail.append(Array(chunk.utf8)) }
    #expect(tail.text == "9abcdefg")
    #expect(tail.totalCount == 17 && tail.isTruncated)
    #expect(tail.bytes.count <= 16, "memory stays bounded by twice the limit")
  }

  @Test func aChunkLargerThanTheLimitKeepsItsEnd() {
    var tail = OutputTail(limit: 4)
    tail.append(Array("abcdefghij".utf8))
    #expect(tail.text == "ghij" && tail.bytes.count == 4 && tail.totalCount == 10)
  }

  @Test func theStandardTailKeepsTheLastMiB() {
    var tail = OutputTail()
    let line = Array(String(repeating: "x", count: 1023).utf8) + [0x0A]
    for _ in 0..<3000 { tail.append(line) }
    tail.append(Array("Quorate: Yes\n".utf8))
    #expect(OutputTail.standardLimit == 1_048_576)
    #expect(tail.totalCount == 3000 * 1024 + 13)
    #expect(tail.text.utf8.count == 1_048_576)
    #expect(tail.text.hasSuffix("Quorate: Yes\n"))
    #expect(CheckFixture.pattern("^Quorate: Yes$").matches(tail.text))
  }

  @Test func invalidUTF8BecomesReplacementCharactersAndTheRestIsStillSeen() {
    var tail = OutputTail()
    tail.append([0x66, 0x6F, 0xFF, 0xFE, 0x6F, 0x0A] + Array("state: ok".utf8))
    #expect(tail.text == "fo\u{FFFD}\u{FFFD}o\nstate: ok")
    #expect(CheckFixture.pattern("^state: (\\w+)").firstGroup(in: tail.text) == "ok")
    #expect(tail.totalCount == 15)
  }

  @Test func aCharacterCutByTheLimitDoesNotHideWhatFollows() {
    var tail = OutputTail(limit: 5)
    tail.append(Array("é1234".utf8))  // é is two bytes: the tail starts in its middle
    #expect(tail.text == "\u{FFFD}1234")
  }

  @Test func textGivenAtCreationIsCounted() {
    let tail = OutputTail("abc", limit: 2)
    #expect(tail.text == "bc" && tail.totalCount == 3)
  }
}
