import Testing

@testable import LifelineCore

@Suite struct APIJSONCheckTests {
  func check(_ yaml: String) throws -> Check {
    let runbook = try APIFixture.runbook(
      """
        - id: status
          api: GET /cluster/status
          expect:
            json: \(yaml)
      """)
    return try #require(runbook.steps[0].expect)
  }

  func evaluate(_ yaml: String, stdout: String = APIFixture.clusterStatus) throws -> [CheckResult] {
    CheckEvaluator.evaluate(try check(yaml), on: [APIFixture.result(stdout: stdout)])
  }

  @Test func equalsHoldsWhenEverySelectedValueIsEqual() throws {
    #expect(try evaluate(#"[{path: "[type=cluster].quorate", equals: 1}]"#).allSatisfy(\.held))
    #expect(try evaluate(#"[{path: "[type=node][name=pve3].online", equals: 0}]"#).allSatisfy(\.held))
    let failed = try evaluate(#"[{path: "[type=node].online", equals: 1}]"#)
    #expect(failed.map(\.held) == [false])
    #expect(failed[0].condition == "json [type=node].online == 1")
    #expect(failed[0].observed == "got 1, 1, 0")
  }

  @Test func anEmptySelectionNeverEquals() throws {
    let results = try evaluate(#"[{path: "[type=node][name=pve9].online", equals: 1}]"#)
    #expect(results[0].held == false)
    #expect(results[0].observed == "nothing at that path")
  }

  @Test func matchesExistsAndCount() throws {
    #expect(try evaluate(#"[{path: "[type=node].ip", matches: '^10\.10\.10\.\d+$'}]"#)[0].held)
    #expect(
      try evaluate(#"[{path: "[type=cluster]", exists: true}, {path: "[type=quorum]", exists: false}]"#).allSatisfy(
        \.held))
    #expect(try evaluate(#"[{path: "[type=node][online=1]", count: ">= 2"}]"#)[0].held)
    let count = try evaluate(#"[{path: "[type=node]", count: 4}]"#)[0]
    #expect(!count.held)
    #expect(count.observed == "count 3")
    #expect(count.condition == "json [type=node] count == 4")
  }

  @Test func stdoutThatIsNotJSONFailsEveryJSONCheck() throws {
    let results = try evaluate(#"[{path: "[type=cluster]", exists: false}]"#, stdout: "Quorate: Yes\n")
    #expect(results[0].held == false)
    #expect(results[0].observed?.hasPrefix("stdout is not JSON") == true)
  }

  @Test func truncatedOutputIsNotTakenForADocument() throws {
    var tail = OutputTail(limit: 16)
    tail.append(Array(APIFixture.clusterStatus.utf8))
    let result = RunResult(target: .local, command: "x", outcome: .exited(0), stdout: tail)
    let results = CheckEvaluator.evaluate(try check(#"[{path: "[type=cluster]", exists: true}]"#), on: [result])
    #expect(results[0].observed?.contains("narrow the call") == true)
  }

  @Test func countComparisonsReadOperatorsAndNumbers() {
    #expect(CountComparison("3") == CountComparison(.equal, 3))
    #expect(CountComparison(">= 2") == CountComparison(.atLeast, 2))
    #expect(CountComparison("<1") == CountComparison(.less, 1))
    #expect(CountComparison("!= 0") == CountComparison(.notEqual, 0))
    #expect(CountComparison("many") == nil)
    #expect(CountComparison("-1") == nil)
  }

  @Test func badJSONChecksAreReportedWhereTheyAre() {
    let diagnostics = APIFixture.diagnostics(
      """
        - id: status
          api: GET /cluster/status
          expect:
            json:
              - {path: "[type=cluster", equals: 1}
              - {path: "[type=cluster].quorate", equals: 1, exists: true}
              - {path: x, count: lots}
              - {path: x, matches: "("}
              - {path: x, equals: 1, wat: 2}
      """)
    let lines = diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    #expect(lines.contains("8:32: 'path' is not a JSON path: expected ']'"))
    #expect(lines.contains { $0.hasPrefix("9:11: a JSON check needs a 'path' and one of") })
    #expect(lines.contains { $0.hasPrefix("10:28: 'count' takes a number") })
    #expect(lines.contains { $0.hasPrefix("11:30: 'matches' is not a valid regular expression") })
    #expect(lines.contains { $0.hasPrefix("12:32: unknown field 'wat' in a JSON check") })
  }

  @Test func jsonChecksWorkOnCommandStepsToo() throws {
    let runbook = try APIFixture.runbook(
      """
        - id: status
          on: pve1
          run: pvesh get /cluster/status --output-format json
          expect: {json: [{path: "[type=cluster].quorate", equals: 1}]}
      """)
    let results = CheckEvaluator.evaluate(
      runbook.steps[0].expectation, on: [APIFixture.result(stdout: APIFixture.clusterStatus)])
    #expect(results.map(\.held) == [true])
  }
}
