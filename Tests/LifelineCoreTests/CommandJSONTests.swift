import Testing

@testable import LifelineCore

/// JSON checks and captures on a command's stdout (`pvesh get … --output-format json`): the
/// same checks, paths and messages as API steps.
@Suite struct CommandJSONTests {
  static let resources = #"""
    [{"id":"qemu/100","hastate":"started","node":"pve2","status":"running","type":"qemu","vmid":100},{"id":"qemu/101","node":"pve1","status":"running","type":"qemu","vmid":101},{"id":"node/pve1","node":"pve1","status":"online","type":"node"}]
    """#

  static let runbook = CoreFixture.text(
    steps: """
        - id: guests
          on: pve1
          run: pvesh get /cluster/resources --output-format json
          expect:
            exit: 0
            json:
              - {path: "[type=node][status!=online]", exists: false}
          capture:
            unprotected: {json: "[status=running][!hastate].id"}
          cases:
            - when: {json: [{path: "[status=running][!hastate]", count: 0}]}
              next: end
        - id: report
          on: local
          run: echo {{ unprotected }}
      """)

  func run(stdout: String) async throws -> (RunbookRunner.Stop, ScriptedExecutor, MemoryRecorder) {
    let executor = ScriptedExecutor()
    executor.on("pve1", "pvesh get /cluster/resources --output-format json", .exit(0, stdout: stdout))
    let recorder = MemoryRecorder()
    var engine = try CoreFixture.engine(CoreFixture.runbook(Self.runbook))
    let stop = await RunbookRunner.scripted(executor: executor, recorder: recorder).run(&engine)
    return (stop, executor, recorder)
  }

  @Test func aCommandStepChecksCapturesAndBranchesOnItsJSON() async throws {
    let (stop, executor, recorder) = try await run(stdout: Self.resources + "\n")
    #expect(stop == .finished(.succeeded))
    #expect(executor.commands.last == "local: echo qemu/101")
    let end = try #require(recorder.events(ofType: "step.end").first)
    #expect(end["reason"] == "expectation held; no case held")
    #expect(
      end["checks"]
        == .array([
          .object([("node", "pve1"), ("check", "exit 0"), ("held", true)]),
          .object([("node", "pve1"), ("check", "json [type=node][status!=online] does not exist"), ("held", true)]),
        ]))
  }

  @Test func outputThatIsNotJSONFailsTheCheckWithTheAPIStepsMessage() async throws {
    let (stop, executor, _) = try await run(stdout: "400 Parameter verification failed.\n")
    guard case .finished(.failed(let step, let reason)) = stop else {
      Issue.record("expected a failed run, got \(stop)")
      return
    }
    #expect(step == "guests")
    #expect(reason.contains("json [type=node][status!=online] does not exist on pve1, got stdout is not JSON"))
    #expect(executor.commands.count == 1)
    let apiResult = APIFixture.result(stdout: "400 Parameter verification failed.\n")
    let check = try #require(try CoreFixture.runbook(Self.runbook).steps[0].expect)
    let apiMessage = CheckEvaluator.evaluate(check, on: [apiResult]).last?.observed
    #expect(apiMessage.map { reason.contains($0) } == true)
  }

  @Test func mistakesInCommandStepsJSONAreReportedWhereTheyAre() {
    let problems = CoreFixture.problems(
      CoreFixture.text(
        steps: """
            - id: guests
              on: pve1
              run: pvesh get /cluster/resources --output-format json
              expect: {json: [{path: "[type=node", exists: true}]}
              capture:
                first: {json: "[!]"}
          """))
    #expect(problems.contains { $0.hasPrefix("7:39: 'path' is not a JSON path: expected ']'") }, "\(problems)")
    #expect(problems.contains { $0.hasPrefix("9:24: the JSON path of 'first' is not a JSON path") }, "\(problems)")
  }
}
