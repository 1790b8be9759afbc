import Testing

@testable import LifelineCore

@Suite struct APIRunbookLoadingTests {
  @Test func anAPIStepHasAMethodAPathAndData() throws {
    let runbook = try APIFixture.runbook(
      """
        - id: migrate
          api: POST /cluster/ha/resources/{{ sid }}/migrate
          data: {node: "{{ target_node }}", comment: moved by lifeline}
          confirm: true
          expect: {exit: 0}
          cases:
            - {when: {exit: 500}, next: end}
          capture:
            master: {json: "[type=master].node"}
            raw: 'x(\\d)'
      """, params: "params: {sid: the HA resource, target_node: where it goes}\n")
    let step = runbook.steps[0]
    let call = try #require(step.apiCall)
    #expect(call.method == .post)
    #expect(call.path.source == "/cluster/ha/resources/{{ sid }}/migrate")
    #expect(call.data.map(\.name) == ["node", "comment"])
    #expect(call.data.map(\.value.source) == ["{{ target_node }}", "moved by lifeline"])
    #expect(step.target == nil)
    #expect(step.cases[0].when.exitCodes == [500])
    #expect(step.captures.map(\.name) == ["master", "raw"])
    #expect(step.captures[0].source == .json(try JSONPath("[type=master].node")))
    #expect(step.captures[1].pattern?.source == #"x(\d)"#)
    #expect(step.expectation.exitCodes == [0])
  }

  @Test func mistakesInAPIStepsAreLocated() {
    let diagnostics = APIFixture.diagnostics(
      """
        - id: a
          api: FETCH /cluster/status
        - id: b
          api: GET cluster/status
        - id: c
          api: GET /api2/json/cluster/status
        - id: d
          api: "GET /cluster/resources?type=vm"
        - id: e
          api: GET /nodes/{{ nod }}/status
        - id: f
          api: GET /version
          run: pveversion
        - id: g
          on: pve1
          run: pveversion
          data: {x: 1}
          expect: {exit: 300}
        - id: h
          api: GET /version
          on: local
        - id: i
          api: GET
      """)
    let lines = diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    #expect(lines.contains("5:10: 'FETCH' is not an API method"))
    #expect(lines.contains("7:14: the API path must start with '/'"))
    #expect(lines.contains("9:14: write the path after /api2/json"))
    #expect(lines.contains("11:15: the API path holds '?', '#', '%' or a space"))
    #expect(lines.contains { $0.hasPrefix("13:21: 'nod' is not a parameter") })
    #expect(lines.contains("16:10: step 'f' has 'api' and 'run'"))
    #expect(lines.contains("20:11: 'data' belongs to 'api' steps"))
    #expect(lines.contains("21:20: an exit status must be a whole number from 0 to 255"))
    #expect(lines.contains("22:9: API step 'h' cannot run on 'local'"))
    #expect(lines.contains("26:10: 'api' needs a method and a path"))
  }

  @Test func apiStepsAcceptHTTPStatusesAsExitStatuses() throws {
    let runbook = try APIFixture.runbook(
      """
        - id: status
          api: GET /cluster/status
          expect: {exit: [0, 595]}
      """)
    #expect(runbook.steps[0].expect?.exitCodes == [0, 595])
  }

  @Test func jsonCapturesNeedAPath() {
    let diagnostics = APIFixture.diagnostics(
      """
        - id: status
          api: GET /cluster/status
          capture:
            a: {}
            b: {json: "[x"}
            c: {regex: x}
      """)
    let messages = diagnostics.map(\.message)
    #expect(messages.contains("capture 'a' needs a JSON path"))
    #expect(
      messages.contains(
        "the JSON path of 'b' is not a JSON path: expected '=' or '!=' in a filter such as [type=node], ']' after a key as in [hastate], a number, or '*'"
      ))
    #expect(messages.contains { $0.hasPrefix("unknown field 'regex' in capture 'c'") })
  }

  @Test func destructiveAPIStepsMustNameTheNodeAtRisk() {
    let diagnostics = APIFixture.diagnostics(
      """
        - id: remove
          api: DELETE /cluster/ha/resources/vm:100
          destructive: true
      """)
    #expect(diagnostics.contains { $0.message.contains("is unclear which node is at risk") })
  }
}
