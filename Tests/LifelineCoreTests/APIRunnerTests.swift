import Testing

@testable import LifelineCore

@Suite struct APIRunnerTests {
  static let steps = """
      - id: quorum
        api: GET /cluster/status
        expect:
          json:
            - {path: "[type=cluster].quorate", equals: 1}
        capture:
          cluster_name: {json: "[type=cluster].name"}
          offline: {json: "[type=node][online=0].name"}
        cases:
          - when: {json: [{path: "[type=node][online=0]", count: 0}]}
            next: end
      - id: ha
        on: "{{ offline }}"
        api: GET /cluster/ha/status/current
        capture:
          fenced: {json: "[state=fence].sid"}
      - id: migrate
        api: POST /cluster/ha/resources/{{ fenced }}/migrate
        data: {node: pve2}
        confirm: true
    """

  func run(_ client: APIFixture.ScriptedClient) async throws -> (StepEngine, RunbookRunner.Stop, APIFixture.Recorder) {
    var engine = try StepEngine(
      runbook: try APIFixture.runbook(Self.steps), inventory: try APIFixture.inventory(), parameters: [:])
    let recorder = APIFixture.Recorder()
    let runner = RunbookRunner(
      executor: APIFixture.NoCommands(), apiClient: client, console: APIFixture.Console(), recorder: recorder,
      safety: nil, interactive: false)
    let stop = await runner.run(&engine)
    return (engine, stop, recorder)
  }

  @Test func apiStepsCaptureCheckBranchAndRecord() async throws {
    let client = APIFixture.ScriptedClient([
      "GET /cluster/status": .success(APIFixture.response(200, "OK", #"{"data":\#(APIFixture.clusterStatus)}"#)),
      "GET /cluster/ha/status/current": .success(APIFixture.response(200, "OK", #"{"data":\#(APIFixture.haStatus)}"#)),
      "POST /cluster/ha/resources/ct:200/migrate": .success(APIFixture.response(200, "OK", #"{"data":null}"#)),
    ])
    let (engine, stop, recorder) = try await run(client)
    #expect(stop == .finished(.succeeded))
    #expect(engine.variables["cluster_name"] == "lab")
    #expect(engine.variables["offline"] == "pve3")
    #expect(engine.variables["fenced"] == "ct:200")
    #expect(engine.path == ["quorum", "ha", "migrate"])
    #expect(
      client.sent.map(\.line) == [
        "GET https://10.10.10.11:8006/api2/json/cluster/status",
        "GET https://10.10.10.13:8006/api2/json/cluster/ha/status/current",
        "POST https://10.10.10.11:8006/api2/json/cluster/ha/resources/ct:200/migrate node=pve2",
      ])
    let output = recorder.events.first { $0.type == .output }
    #expect(output?["text"]?.stringValue == APIFixture.clusterStatus + "\n")
    #expect(output?["node"]?.stringValue == "local")
  }

  @Test func anErrorStatusFailsTheStepWithItsMeaning() async throws {
    let client = APIFixture.ScriptedClient([
      "GET /cluster/status": .success(APIFixture.response(401, "authentication failure", #"{"data":null}"#))
    ])
    let (_, stop, recorder) = try await run(client)
    guard case .finished(.failed(let step, let reason)) = stop else {
      Issue.record("expected a failure, got \(stop)")
      return
    }
    #expect(step == "quorum")
    #expect(reason.hasPrefix("expectation failed: json [type=cluster].quorate == 1, got "))
    let end = try #require(recorder.events.first { $0.type == .stepEnd })
    #expect(end["runs"]?.arrayValue?.first?["exit"] == .int(401))
    let stderr = recorder.events.first { $0["stream"]?.stringValue == "stderr" }
    #expect(stderr?["text"]?.stringValue?.contains("the API token 'root@pam!lifeline' was refused") == true)
  }

  @Test func theExitCheckOfAnAPIStepExplainsTheStatus() {
    let line = "GET https://10.10.10.11:8006/api2/json/cluster/status"
    let result = RunResult(
      target: .local, command: line, outcome: .exited(401),
      stderr: OutputTail("HTTP 401 authentication failure for GET /cluster/status\n  the API token …\n"))
    let checks = CheckEvaluator.evaluate(
      Check(exitCodes: [0], location: SourceLocation(file: "f", line: 1, column: 1)), on: [result])
    #expect(checks[0].observed == "exit 401 (HTTP 401 authentication failure for GET /cluster/status)")
    let command = RunResult(target: .local, command: "false", outcome: .exited(1), stderr: OutputTail("oops\n"))
    let commandChecks = CheckEvaluator.evaluate(
      Check(exitCodes: [0], location: SourceLocation(file: "f", line: 1, column: 1)), on: [command])
    #expect(commandChecks[0].observed == "exit 1")
  }

  @Test func withoutAClientAPIStepsFailWithTheReason() async throws {
    var engine = try StepEngine(
      runbook: try APIFixture.runbook("  - {id: v, api: GET /version}\n"), inventory: try APIFixture.inventory(),
      parameters: [:])
    let runner = RunbookRunner(
      executor: APIFixture.NoCommands(),
      apiClient: UnavailableAPIClient(reason: "this session was started without an API client"),
      console: APIFixture.Console(), recorder: APIFixture.Recorder(), safety: nil, interactive: false)
    let stop = await runner.run(&engine)
    guard case .finished(.failed(_, let reason)) = stop else {
      Issue.record("expected a failure")
      return
    }
    #expect(reason.contains("started without an API client"))
  }
}

@Suite struct APIRenderingTests {
  @Test func thePlanShowsTheRequestsAsTheyWillBeSent() throws {
    let runbook = try APIFixture.runbook(APIRunnerTests.steps)
    let plan = DryRunPlan.render(runbook, parameters: [:], inventory: try APIFixture.inventory())
    #expect(plan.contains("   on: the API at api.url\n   api: GET https://10.10.10.11:8006/api2/json/cluster/status"))
    #expect(plan.contains("   api: GET https://10.10.10.13:8006/api2/json/cluster/ha/status/current") == false)
    #expect(plan.contains("   on: <offline>"))
    #expect(
      plan.contains(
        "   api: POST https://10.10.10.11:8006/api2/json/cluster/ha/resources/%3Cfenced%3E/migrate node=pve2"))
    #expect(plan.contains("case 1: when json [type=node][online=0] count == 0 → end"))
  }

  @Test func theProcedureShowsTheCallAndItsChecks() throws {
    let markdown = ProcedureRenderer.markdown(try APIFixture.runbook(APIRunnerTests.steps))
    #expect(markdown.contains("**On:** the cluster API (the inventory's `api.url`)"))
    #expect(markdown.contains("```http\nPOST /cluster/ha/resources/{{ fenced }}/migrate\nnode: pve2\n```"))
    #expect(markdown.contains("- **Expect:** json [type=cluster].quorate == 1"))
    #expect(markdown.contains("- **Capture** `cluster_name` from JSON path `[type=cluster].name`"))
  }
}
