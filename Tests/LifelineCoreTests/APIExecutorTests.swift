import Testing

@testable import LifelineCore

@Suite struct APIExecutorTests {
  let request = APIRequest(method: .get, url: "https://10.10.10.11:8006/api2/json/cluster/status", timeout: .seconds(5))

  @Test func successPrintsTheDataAsCompactJSON() {
    let output = APIStepOutput(
      APIFixture.response(200, "OK", #"{"data": [ {"type": "cluster", "quorate": 1} ]}"#), for: request,
      tokenID: "root@pam!lifeline")
    #expect(output.stdout == #"[{"type":"cluster","quorate":1}]"# + "\n")
    #expect(output.stderr.isEmpty)
    #expect(output.outcome == .exited(0))
  }

  @Test func aRefusedTokenNamesTheTokenAndThePath() {
    let output = APIStepOutput(
      APIFixture.response(401, "authentication failure", #"{"data":null}"#), for: request, tokenID: "root@pam!lifeline")
    #expect(output.outcome == .exited(401))
    #expect(output.stderr.hasPrefix("HTTP 401 authentication failure for GET /cluster/status\n"))
    #expect(output.stderr.contains("the API token 'root@pam!lifeline' was refused for /cluster/status"))
  }

  @Test func missingPrivilegesAndProxyErrorsSayWhatToDo() {
    let forbidden = APIStepOutput(
      APIFixture.response(403, "Permission check failed (/, Sys.Audit)", #"{"data":null}"#), for: request,
      tokenID: "root@pam!lifeline")
    #expect(forbidden.stderr.contains("lacks a privilege on /cluster/status"))
    let proxy = APIStepOutput(
      APIFixture.response(595, "Errors during connection establishment, proxy handshake: No route to host", ""),
      for: request, tokenID: nil)
    #expect(proxy.outcome == .exited(595))
    #expect(proxy.stderr.contains("that node is probably down"))
    let quorum = APIStepOutput(
      APIFixture.response(500, "cluster not ready - no quorum?", ""), for: request, tokenID: nil)
    #expect(quorum.stderr.contains("not quorate"))
  }

  @Test func parameterErrorsAreListed() {
    let output = APIStepOutput(
      APIFixture.response(
        400, "Parameter verification failed.", #"{"data":null,"errors":{"node":"property is missing"}}"#),
      for: request, tokenID: nil)
    #expect(output.stderr.contains("  node: property is missing"))
  }

  @Test func aBodyThatIsNotTheAPIFailsTheRun() {
    let output = APIStepOutput(
      APIFixture.response(200, "OK", "<html><body>Proxmox</body></html>"), for: request, tokenID: nil)
    guard case .failed(.other(let message)) = output.outcome else {
      Issue.record("expected a failure, got \(output.outcome)")
      return
    }
    #expect(message.contains("a body that is not JSON"))
    #expect(message.contains("starts \"<html><body>Proxmox</body></html>\""))
    let noData = APIStepOutput(APIFixture.response(200, "OK", #"{"result":1}"#), for: request, tokenID: nil)
    #expect(
      noData.outcome
        == .failed(
          .other(
            "https://10.10.10.11:8006 answered GET /cluster/status with JSON without a 'data' member (starts \"{\"result\":1}\"): is it the Proxmox API (pveproxy, port 8006)?"
          )))
  }

  @Test func theExecutorAddsTrustAndTimeoutsFromTheInventory() async throws {
    let client = APIFixture.ScriptedClient([
      "GET /cluster/status": .success(APIFixture.response(200, "OK", #"{"data":[]}"#))
    ])
    let executor = APIExecutor(client: client, inventory: try APIFixture.inventory())
    let outcome = await executor.run(
      CommandRequest(command: request.line, target: .local, timeout: .seconds(7)), events: { _ in })
    #expect(outcome == .exited(0))
    let sent = try #require(client.sent.first)
    #expect(sent.trust == .fingerprint(APIFixture.fingerprint))
    #expect(sent.connectTimeout == .seconds(3))
    #expect(sent.timeout == .seconds(7))
  }

  @Test func failuresBecomeReasonsAndCancellationStaysCancellation() async throws {
    let client = APIFixture.ScriptedClient([
      "GET /cluster/status": .failure(.untrusted(server: "https://10.10.10.11:8006")),
      "GET /version": .failure(.cancelled),
    ])
    let executor = APIExecutor(client: client, inventory: try APIFixture.inventory())
    let untrusted = await executor.run(
      CommandRequest(command: request.line, target: .local, timeout: .seconds(1)), events: { _ in })
    guard case .failed(.other(let message)) = untrusted else {
      Issue.record("expected a failure")
      return
    }
    #expect(message.contains("lifeline trust --api https://10.10.10.11:8006"))
    let cancelled = await executor.run(
      CommandRequest(command: "GET https://10.10.10.11:8006/api2/json/version", target: .local, timeout: .seconds(1)),
      events: { _ in })
    #expect(cancelled == .failed(.cancelled))
    let garbage = await executor.run(
      CommandRequest(command: "pvecm status", target: .local, timeout: .seconds(1)), events: { _ in })
    #expect(
      garbage == .failed(.other("'pvecm status' is not an API request (METHOD https://HOST:PORT/api2/json/PATH)")))
  }

  @Test func timeoutsOfChangesWarnThatTheClusterMayStillAct() {
    #expect(!APIFailure.timeout(request: "GET /x", limit: .seconds(3)).description.contains("may still"))
    #expect(APIFailure.timeout(request: "POST /x", limit: .seconds(3)).description.contains("may still carry"))
  }
}
