import Foundation
import LifelineCore
import Testing

@testable import LifelineHTTP

/// The token's secret must never reach a transcript event or the screen, whatever the run
/// does: succeed, be refused, fail to verify the server. Checked on the events the runner
/// builds, before any redactor sees them.
@Suite struct APITranscriptTests {
  static let runbook = """
    name: api-audit
    title: API audit
    steps:
      - id: quorum
        api: GET /cluster/status
        expect: {json: [{path: "[type=cluster].quorate", equals: 1}]}
        capture: {cluster_name: {json: "[type=cluster].name"}}
        on_failure: refused
      - id: migrate
        on: pve1
        api: POST /cluster/ha/resources/vm:100/migrate
        data: {node: pve2, comment: "{{ cluster_name }}"}
        confirm: true
        next: end
      - id: refused
        api: GET /nodes/pve1/status
        next: end
    """

  @Test(arguments: ["right", "wrong"])
  func theTokenIsInNoEventAndOnNoScreen(token: String) async throws {
    try await LabAPIServerFixture.with { server in
      let recorder = EventLog()
      let console = ScreenLog()
      var engine = try StepEngine(
        runbook: try RunbookLoader.load(text: Self.runbook, file: "api-audit.yaml"), inventory: server.inventory(),
        parameters: [:])
      let runner = RunbookRunner(
        executor: UnusedExecutor(), apiClient: server.client(secret: token == "right" ? nil : "wrong-" + server.secret),
        console: console, recorder: recorder, safety: nil, interactive: false)
      let stop = await runner.run(&engine)

      if token == "right" {
        #expect(stop == .finished(.succeeded))
        #expect(engine.path == ["quorum", "migrate"])
        #expect(server.simulatorLog.contains("ha-manager migrate vm:100 pve2"))
      } else {
        #expect(engine.path == ["quorum", "refused"])
        #expect(recorder.lines.contains { $0.contains("HTTP 401 authentication failure for GET /cluster/status") })
      }
      #expect(recorder.lines.count > 4)
      for line in recorder.lines + console.lines {
        #expect(!line.contains(server.secret), "the secret leaked: \(line)")
        #expect(!line.contains("PVEAPIToken"), "the header leaked: \(line)")
      }
    }
  }

  @Test func theSetupHandsTheSecretToTheRedactor() throws {
    try withTokenFile("s3cr3t-value\n", mode: 0o600) { path in
      var inventory = Inventory(cluster: "lab", nodes: [])
      inventory.api = APISettings(url: "https://10.0.0.1:8006", tokenID: "root@pam!x", tokenSecret: .file(path))
      let setup = ProxmoxAPIClient.setup(
        for: inventory, trustStore: APITrustStore(path: "/nonexistent"), environment: [:])
      #expect(setup.secrets == ["s3cr3t-value"])
      #expect(setup.client is ProxmoxAPIClient)
      let redactor = Redactor(secrets: setup.secrets)
      #expect(redactor.redact("a s3cr3t-value b") == "a \(Redactor.mask) b")
      #expect(
        redactor.redact("Authorization: PVEAPIToken=root@pam!x=other") == "Authorization: PVEAPIToken=\(Redactor.mask)")
    }
  }
}

final class EventLog: TranscriptRecorder, @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [String] = []

  func record(_ event: TranscriptEvent) throws(RecordingError) {
    let line = JSONValue.object([("type", .string(event.type.rawValue))] + event.payload).serialized()
    lock.withLock { recorded.append(line) }
  }

  var lines: [String] { lock.withLock { recorded } }
}

final class ScreenLog: OperatorConsole, @unchecked Sendable {
  private let lock = NSLock()
  private var shown: [String] = []

  func confirm(_ request: ConfirmationRequest) async -> ConfirmationReply {
    lock.withLock { shown.append(request.prompt + " " + (request.warning ?? "")) }
    return .confirmed
  }

  func choose(_ question: QuestionRequest) async -> ChoiceReply { .unavailable("no questions here") }

  func show(_ progress: RunProgress) {
    let text: String
    switch progress {
    case .output(_, _, _, let bytes): text = String(decoding: bytes, as: UTF8.self)
    case .stepStarted(let invocation): text = invocation.runs.map(\.command).joined(separator: "\n")
    case .stepFinished(_, let decision): text = decision.reason
    default: text = "\(progress)"
    }
    lock.withLock { shown.append(text) }
  }

  var lines: [String] { lock.withLock { shown } }
}

struct UnusedExecutor: CommandExecutor {
  func run(_ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void) async -> CommandOutcome {
    .failed(.other("this runbook has no command steps"))
  }
}
