import Foundation
import Testing

@testable import LifelineCore

/// Shared pieces of the API tests: the cluster's answers as the facts record them
/// (pve3 offline), an inventory with an `api` section, and scripted collaborators.
enum APIFixture {
  static let clusterStatus = #"""
    [{"id":"cluster","name":"lab","nodes":3,"quorate":1,"type":"cluster","version":3},{"id":"node/pve1","ip":"10.10.10.11","level":"","local":1,"name":"pve1","nodeid":1,"online":1,"type":"node"},{"id":"node/pve2","ip":"10.10.10.12","level":"","local":0,"name":"pve2","nodeid":2,"online":1,"type":"node"},{"id":"node/pve3","ip":"10.10.10.13","level":"","local":0,"name":"pve3","nodeid":3,"online":0,"type":"node"}]
    """#

  static let haStatus = #"""
    [{"id":"quorum","node":"pve1","quorate":1,"status":"OK","type":"quorum"},{"id":"master","node":"pve1","status":"pve1 (active, Tue May 14 23:01:10 2024)","timestamp":1715720470,"type":"master"},{"crm_state":"fence","failback":1,"id":"service:ct:200","node":"pve3","sid":"ct:200","state":"fence","type":"service"},{"crm_state":"started","failback":1,"id":"service:vm:100","node":"pve1","sid":"vm:100","state":"started","type":"service"}]
    """#

  static let fingerprint =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
  static let nodeFingerprint =
    "11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF"

  static let inventoryYAML = """
    cluster: lab
    api:
      url: https://10.10.10.11:8006
      token_id: root@pam!lifeline
      token_file: /etc/lifeline/api-token
      fingerprint: \(fingerprint.lowercased())
      connect_timeout: 3s
    nodes:
      pve1: {host: 10.10.10.11}
      pve2: {host: 10.10.10.12, api_url: "https://10.10.10.12:8443/", api_fingerprint: "\(nodeFingerprint)"}
      pve3: {host: 10.10.10.13}
    """

  static func inventory() throws -> Inventory {
    try InventoryLoader.load(text: inventoryYAML, file: "inventory.yaml")
  }

  static func runbook(_ steps: String, params: String = "") throws -> Runbook {
    let text = "name: api-test\ntitle: API test\n" + params + "steps:\n" + steps
    return try RunbookLoader.load(text: text, file: "api-test.yaml")
  }

  static func diagnostics(_ steps: String) -> [Diagnostic] {
    RunbookLoader.check(text: "name: api-test\ntitle: API test\nsteps:\n" + steps, file: "api-test.yaml")
  }

  static func response(_ status: Int, _ reason: String, _ body: String) -> APIResponse {
    APIResponse(status: status, reason: reason, body: Array(body.utf8))
  }

  static func result(stdout: String, exit: Int32 = 0, command: String = "pvesh get /cluster/status") -> RunResult {
    RunResult(target: .node("pve1"), command: command, outcome: .exited(exit), stdout: OutputTail(stdout))
  }
}

extension APIFixture {
  /// An API client that answers from a script by path and remembers what it was sent.
  final class ScriptedClient: APIClient, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String: Result<APIResponse, APIFailure>]
    private(set) var requests: [APIRequest] = []

    init(_ answers: [String: Result<APIResponse, APIFailure>]) { self.answers = answers }

    func send(_ request: APIRequest) async throws(APIFailure) -> APIResponse {
      let answer = lock.withLock {
        requests.append(request)
        return answers[request.method.rawValue + " " + request.path]
      }
      guard let answer else { return APIFixture.response(501, "Method not implemented", #"{"data":null}"#) }
      return try answer.get()
    }

    var sent: [APIRequest] {
      lock.lock()
      defer { lock.unlock() }
      return requests
    }
  }

  /// Keeps every event in memory, in order.
  final class Recorder: TranscriptRecorder, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [TranscriptEvent] = []

    func record(_ event: TranscriptEvent) throws(RecordingError) {
      lock.lock()
      recorded.append(event)
      lock.unlock()
    }

    var events: [TranscriptEvent] {
      lock.lock()
      defer { lock.unlock() }
      return recorded
    }
  }

  /// Confirms everything and shows nothing.
  struct Console: OperatorConsole {
    func confirm(_ request: ConfirmationRequest) async -> ConfirmationReply { .confirmed }
    func choose(_ question: QuestionRequest) async -> ChoiceReply { .unavailable("no questions in these tests") }
    func show(_ progress: RunProgress) {}
  }

  /// A command executor for runbooks that have no command steps.
  struct NoCommands: CommandExecutor {
    func run(_ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void) async -> CommandOutcome {
      .failed(.other("no commands in these tests"))
    }
  }
}
