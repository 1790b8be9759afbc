import Testing

@testable import LifelineCore

@Suite struct APIRequestTests {
  func invocation(_ steps: String, params: [String: String] = [:], declared: String = "") throws -> StepInvocation {
    let engine = try StepEngine(
      runbook: try APIFixture.runbook(steps, params: declared), inventory: try APIFixture.inventory(),
      parameters: params)
    guard case .command(let invocation) = try engine.prepare() else {
      Issue.record("an API step is prepared as a command")
      throw APIFailure.other("not a command")
    }
    return invocation
  }

  @Test func aStepWithoutOnCallsTheInventorysAPI() throws {
    let prepared = try invocation("  - {id: status, api: GET /cluster/status, timeout: 5s}\n")
    #expect(
      prepared.runs == [PlannedRun(target: .local, command: "GET https://10.10.10.11:8006/api2/json/cluster/status")])
    #expect(prepared.timeout == .seconds(5))
  }

  @Test func substitutedValuesAreEncodedAndCannotChangeThePath() throws {
    let prepared = try invocation(
      """
        - id: migrate
          on: pve2
          api: POST /cluster/ha/resources/{{ sid }}/migrate
          data: {node: "{{ to }}", comment: "a b&c=d"}
      """, params: ["sid": "vm:100/../x?y", "to": "pve1"], declared: "params: {sid: s, to: t}\n")
    #expect(
      prepared.runs[0].command
        == "POST https://10.10.10.12:8443/api2/json/cluster/ha/resources/vm:100%2F..%2Fx%3Fy/migrate node=pve1&comment=a%20b%26c%3Dd"
    )
    let request = try #require(
      APIRequest(line: prepared.runs[0].command, trust: nil, connectTimeout: .seconds(1), timeout: .seconds(2)))
    #expect(request.method == .post)
    #expect(request.path == "/cluster/ha/resources/vm:100%2F..%2Fx%3Fy/migrate")
    #expect(request.server == "https://10.10.10.12:8443")
    #expect(request.form == "node=pve1&comment=a%20b%26c%3Dd")
  }

  @Test func getAndDeleteCarryTheirDataInTheQuery() throws {
    let prepared = try invocation("  - {id: vms, on: all, api: GET /cluster/resources, data: {type: vm}}\n")
    #expect(
      prepared.runs.map(\.command) == [
        "GET https://10.10.10.11:8006/api2/json/cluster/resources?type=vm",
        "GET https://10.10.10.12:8443/api2/json/cluster/resources?type=vm",
        "GET https://10.10.10.13:8006/api2/json/cluster/resources?type=vm",
      ])
    let request = try #require(
      APIRequest(line: prepared.runs[1].command, trust: nil, connectTimeout: .seconds(1), timeout: .seconds(2)))
    #expect(request.form == nil)
    #expect(request.path == "/cluster/resources")
  }

  @Test func aDotOnlyValueCannotClimbThePath() {
    #expect(PercentEncoding.pathSegment("..") == "%2E%2E")
    #expect(PercentEncoding.pathSegment("a.b") == "a.b")
    #expect(PercentEncoding.path("local/vm-100-disk-0") == "local/vm-100-disk-0")
    #expect(PercentEncoding.formComponent("é ") == "%C3%A9%20")
  }

  @Test func anInventoryWithoutAnAPISectionStopsTheStepWithAReason() throws {
    let engine = try StepEngine(
      runbook: try APIFixture.runbook("  - {id: status, api: GET /version}\n"),
      inventory: Inventory(cluster: "lab", nodes: [InventoryNode(name: "pve1", host: "10.0.0.1")]), parameters: [:])
    #expect {
      try engine.prepare()
    } throws: { error in
      (error as? TemplateError)?.message
        == "step 'status' calls the Proxmox API, but the inventory has no 'api' section (see docs/api.md)"
    }
  }

  @Test func onlyRequestLinesAreRequests() {
    #expect(APIRequest(line: "pvecm status", trust: nil, connectTimeout: .zero, timeout: .zero) == nil)
    #expect(APIRequest(line: "GET https://x/api2/json/a b", trust: nil, connectTimeout: .zero, timeout: .zero) == nil)
    #expect(APIRequest(line: "GET http://x/api2/json/a", trust: nil, connectTimeout: .zero, timeout: .zero) == nil)
    #expect(
      APIRequest(line: "POST https://x/api2/json/a", trust: nil, connectTimeout: .zero, timeout: .zero)?.form == "")
  }
}
