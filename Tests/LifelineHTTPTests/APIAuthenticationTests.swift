import Foundation
import LifelineCore
import Testing

@testable import LifelineHTTP

@Suite struct APIAuthenticationTests {
  @Test func theRightTokenGetsTheDataAsCompactJSON() async throws {
    try await LabAPIServerFixture.with { server in
      let run = await StepRun.run(
        server.request("/cluster/status", trust: nil).line, client: server.client(), inventory: server.inventory())
      #expect(run.outcome == .exited(0))
      #expect(run.stdout == LabAPIServerFixture.clusterStatus + "\n")
      #expect(run.stderr.isEmpty)
      #expect(server.simulatorLog == "pvesh get /cluster/status --output-format json\n")
    }
  }

  @Test func aWrongTokenIsRefusedAndTheStepSaysForWhichPath() async throws {
    try await LabAPIServerFixture.with { server in
      let run = await StepRun.run(
        server.request("/cluster/status", trust: nil).line, client: server.client(secret: "wrong"),
        inventory: server.inventory())
      #expect(run.outcome == .exited(401))
      #expect(run.stdout.isEmpty)
      #expect(run.stderr.hasPrefix("HTTP 401 authentication failure for GET /cluster/status\n"))
      #expect(run.stderr.contains("the API token 'root@pam!lifeline' was refused for /cluster/status"))
      #expect(server.simulatorLog.isEmpty)
    }
  }

  @Test func noTokenAtAllIsRefusedLikeProxmoxDoes() async throws {
    try await LabAPIServerFixture.with { server in
      let response = try HTTPSClient().send(
        HTTPRequest(method: .get, url: server.url + "/api2/json/version"), trust: .fingerprint(server.fingerprint))
      #expect(response.status == 401)
      #expect(response.reason == "No ticket")
      let explained = APIStepOutput(
        APIResponse(status: response.status, reason: response.reason, body: response.body),
        for: server.request("/version", trust: nil), tokenID: nil)
      #expect(explained.stderr.hasPrefix("HTTP 401 No ticket for GET /version\n"))
      #expect(explained.stderr.contains("was refused for /version"))
    }
  }

  @Test func aSpaceAfterThePrefixIsAcceptedAsProxmoxDoes() async throws {
    try await LabAPIServerFixture.with { server in
      let response = try HTTPSClient().send(
        HTTPRequest(
          method: .get, url: server.url + "/api2/json/cluster/status",
          headers: ["Authorization: PVEAPIToken \(LabAPIServerFixture.tokenID)=\(server.secret)"]),
        trust: .fingerprint(server.fingerprint))
      #expect(response.status == 200)
    }
  }

  @Test func theHAMigrateCallRunsTheSimulatedHAManager() async throws {
    try await LabAPIServerFixture.with { server in
      let line = server.request("/cluster/ha/resources/vm:100/migrate", method: .post, form: "node=pve2", trust: nil)
        .line
      #expect(line.hasSuffix("/api2/json/cluster/ha/resources/vm:100/migrate node=pve2"))
      let run = await StepRun.run(line, client: server.client(), inventory: server.inventory())
      #expect(run.outcome == .exited(0))
      #expect(run.stdout == "null\n")
      #expect(server.simulatorLog == "ha-manager migrate vm:100 pve2\n")
      let missing = await StepRun.run(
        server.request("/cluster/ha/resources/vm:100/migrate", method: .post, trust: nil).line, client: server.client(),
        inventory: server.inventory())
      #expect(missing.outcome == .exited(400))
      #expect(missing.stderr.contains("  node: property is missing and it is not optional"))
    }
  }

  @Test func aNodeThePveshProxyCannotReachIsA595() async throws {
    try await LabAPIServerFixture.with { server in
      let run = await StepRun.run(
        server.request("/nodes/pve3/status", trust: nil).line, client: server.client(), inventory: server.inventory())
      #expect(run.outcome == .exited(595))
      #expect(
        run.stderr.hasPrefix(
          "HTTP 595 Errors during connection establishment, proxy handshake: No route to host for GET /nodes/pve3/status"
        ))
      #expect(run.stderr.contains("that node is probably down"))
    }
  }
}
