import Foundation
import Testing

@testable import LifelineCore

// Scripted fakes for the engine's protocols, and small helpers shared by the core tests.

/// Loading helpers: runbooks from YAML text, diagnostics as `line:column: message` lines.
enum CoreFixture {
  static let file = "rb.yaml"

  /// Three nodes, as a small Proxmox cluster has them.
  static let inventory = Inventory(
    cluster: "homelab",
    nodes: [
      InventoryNode(name: "pve1", host: "10.0.0.1"),
      InventoryNode(name: "pve2", host: "10.0.0.2", port: 2222, user: "admin"),
      InventoryNode(name: "pve3", host: "10.0.0.3"),
    ])

  /// Loads and validates; the test fails with every diagnostic when the text is not a valid runbook.
  static func runbook(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Runbook {
    do {
      return try RunbookLoader.load(text: text, file: file)
    } catch {
      Issue.record("the runbook does not load:\n\(error)", sourceLocation: sourceLocation)
      throw error
    }
  }

  /// Every problem `check` reports, as `line:column: message`.
  static func problems(_ text: String) -> [String] {
    RunbookLoader.check(text: text, file: file).map { "\($0.location.line):\($0.location.column): \($0.message)" }
  }

  static func diagnostics(_ text: String) -> [Diagnostic] {
    RunbookLoader.check(text: text, file: file)
  }

  /// A runbook with the given steps (YAML list items, indented by two spaces) and extra
  /// top-level text before `steps:`.
  static func text(steps: String, header: String = "", finally: String? = nil) -> String {
    var text = "name: demo\ntitle: Demo\n" + header + "steps:\n" + steps
    if !text.hasSuffix("\n") { text += "\n" }
    if let finally { text += "finally:\n" + finally }
    return text
  }

  static func engine(
    _ runbook: Runbook, parameters: [String: String] = [:], inventory: Inventory = CoreFixture.inventory
  ) throws -> StepEngine {
    try StepEngine(runbook: runbook, inventory: inventory, parameters: parameters)
  }
}

/// What a scripted command does.
struct ScriptedReply: Sendable {
  var outcome: CommandOutcome
  /// Output chunks in the order the command prints them.
  var output: [(StandardStream, [UInt8])] = []
  var connectionEvents: [ConnectionEvent] = []
  /// Waits until the calling task is cancelled, then returns `.failed(.cancelled)`.
  var blocksUntilCancelled = false

  static func exit(_ status: Int32, stdout: String = "", stderr: String = "") -> ScriptedReply {
    var reply = ScriptedReply(outcome: .exited(status))
    if !stdout.isEmpty { reply.output.append((.stdout, Array(stdout.utf8))) }
    if !stderr.isEmpty { reply.output.append((.stderr, Array(stderr.utf8))) }
    return reply
  }

  static func chunks(_ status: Int32, _ output: [(StandardStream, String)]) -> ScriptedReply {
    ScriptedReply(outcome: .exited(status), output: output.map { ($0.0, Array($0.1.utf8)) })
  }

  static func failure(_ failure: ExecutionFailure) -> ScriptedReply {
    ScriptedReply(outcome: .failed(failure))
  }

  static let hang = ScriptedReply(outcome: .exited(0), blocksUntilCancelled: true)
}

/// A command executor that answers from a script per (node, command) and records every request.
final class ScriptedExecutor: CommandExecutor, @unchecked Sendable {
  private let lock = NSLock()
  private var script: [String: [ScriptedReply]] = [:]
  private var log: [CommandRequest] = []
  private let fallback: ScriptedReply
  /// Called as each command starts, before it prints anything.
  private let onRun: (@Sendable (CommandRequest) -> Void)?
  /// Called when a command that blocks has started, so a test can cancel it.
  private let onBlock: (@Sendable (CommandRequest) -> Void)?

  init(
    fallback: ScriptedReply = .exit(0), onRun: (@Sendable (CommandRequest) -> Void)? = nil,
    onBlock: (@Sendable (CommandRequest) -> Void)? = nil
  ) {
    self.fallback = fallback
    self.onRun = onRun
    self.onBlock = onBlock
  }

  /// Scripts the replies of `command` on `node`, one per run; the last one repeats.
  func on(_ node: String, _ command: String, _ replies: ScriptedReply...) {
    lock.withLock { script[Self.key(node, command)] = replies }
  }

  /// Scripts the replies of any command on `node` that has no script of its own.
  func on(_ node: String, _ replies: ScriptedReply...) {
    lock.withLock { script[Self.key(node, nil)] = replies }
  }

  var requests: [CommandRequest] { lock.withLock { log } }
  var commands: [String] { requests.map { "\($0.target): \($0.command)" } }

  private static func key(_ node: String, _ command: String?) -> String { node + "\u{0}" + (command ?? "*") }

  private func nextReply(for request: CommandRequest) -> ScriptedReply {
    lock.withLock {
      log.append(request)
      for key in [Self.key(request.target.description, request.command), Self.key(request.target.description, nil)] {
        guard var replies = script[key], let first = replies.first else { continue }
        if replies.count > 1 {
          replies.removeFirst()
          script[key] = replies
        }
        return first
      }
      return fallback
    }
  }

  func run(_ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void) async -> CommandOutcome {
    let reply = nextReply(for: request)
    onRun?(request)
    for event in reply.connectionEvents { events(.connection(event)) }
    for (stream, bytes) in reply.output { events(.output(stream, bytes)) }
    if reply.blocksUntilCancelled {
      onBlock?(request)
      // Task.sleep ends at once when the task is cancelled, before or while it sleeps.
      while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
      return .failed(.cancelled)
    }
    return reply.outcome
  }
}

/// An operator who answers from a script and remembers what was asked and shown.
final class ScriptedConsole: OperatorConsole, @unchecked Sendable {
  private let lock = NSLock()
  private var confirmations: [ConfirmationReply]
  private var answers: [ChoiceReply]
  private var askedConfirmations: [ConfirmationRequest] = []
  private var askedQuestions: [QuestionRequest] = []
  private var shownProgress: [RunProgress] = []

  init(confirmations: [ConfirmationReply] = [], answers: [ChoiceReply] = []) {
    self.confirmations = confirmations
    self.answers = answers
  }

  var confirmationRequests: [ConfirmationRequest] { lock.withLock { askedConfirmations } }
  var questions: [QuestionRequest] { lock.withLock { askedQuestions } }
  var progress: [RunProgress] { lock.withLock { shownProgress } }

  func confirm(_ request: ConfirmationRequest) async -> ConfirmationReply {
    lock.withLock {
      askedConfirmations.append(request)
      return confirmations.isEmpty ? .unavailable("nobody scripted an answer") : confirmations.removeFirst()
    }
  }

  func choose(_ question: QuestionRequest) async -> ChoiceReply {
    lock.withLock {
      askedQuestions.append(question)
      return answers.isEmpty ? .unavailable("nobody scripted an answer") : answers.removeFirst()
    }
  }

  func show(_ progress: RunProgress) {
    lock.withLock { shownProgress.append(progress) }
  }
}

/// A transcript kept in memory, sealed with ``TranscriptChain`` so it can be verified, that can
/// be told to fail (a full disk) once it holds a number of events.
final class MemoryRecorder: TranscriptRecorder, @unchecked Sendable {
  private let lock = NSLock()
  private var chain = TranscriptChain()
  private var sealed: [String] = []
  private var recorded: [TranscriptEvent] = []
  private var refusedCount = 0
  /// How many events (after the opening session.start) it accepts before every write fails.
  private let capacity: Int?

  init(failAfter capacity: Int? = nil) {
    self.capacity = capacity
    let start = TranscriptEvent.sessionStart(
      .init(
        toolVersion: "test", operatorName: "tester", hostName: "laptop", cluster: "homelab", inventoryFile: nil,
        runbook: "demo", runbookFile: nil, runbookSHA256: nil, parameters: [], mode: "run"))
    sealed.append(chain.seal(start, epochMilliseconds: 1_700_000_000_000))
  }

  func record(_ event: TranscriptEvent) throws(RecordingError) {
    lock.lock()
    defer { lock.unlock() }
    if let capacity, recorded.count >= capacity {
      refusedCount += 1
      throw RecordingError("no space left on device")
    }
    recorded.append(event)
    sealed.append(chain.seal(event, epochMilliseconds: 1_700_000_000_000 + Int64(sealed.count)))
  }

  /// The events recorded, without the opening session.start.
  var events: [TranscriptEvent] { lock.withLock { recorded } }
  var types: [String] { events.map(\.type.rawValue) }
  var refused: Int { lock.withLock { refusedCount } }
  /// The transcript file as it would be on disk.
  var text: String { lock.withLock { sealed.map { $0 + "\n" }.joined() } }
  var finalHash: String { lock.withLock { chain.head } }

  func events(ofType type: String) -> [TranscriptEvent] { events.filter { $0.type.rawValue == type } }
}

extension RunbookRunner {
  /// A runner whose retry waits return at once and are counted.
  static func scripted(
    executor: ScriptedExecutor, console: ScriptedConsole = ScriptedConsole(),
    recorder: MemoryRecorder = MemoryRecorder(),
    canceller: StepCanceller = StepCanceller(), interactive: Bool = false, sleeps: SleepLog = SleepLog()
  ) -> RunbookRunner {
    RunbookRunner(
      executor: executor, apiClient: UnavailableAPIClient(reason: "no API in this test"), console: console,
      recorder: recorder, canceller: canceller, safety: nil, interactive: interactive,
      sleep: { duration in try sleeps.sleep(duration) })
  }
}

/// Records the waits a runner asks for, instead of waiting; can cancel a wait.
final class SleepLog: @unchecked Sendable {
  private let lock = NSLock()
  private var log: [Duration] = []
  private let cancelAt: Int?

  /// `cancelAt`: the 1-based wait that is cancelled, as if the operator pressed Ctrl-C during it.
  init(cancelAt: Int? = nil) { self.cancelAt = cancelAt }

  var waits: [Duration] { lock.withLock { log } }

  func sleep(_ duration: Duration) throws {
    let count = lock.withLock {
      log.append(duration)
      return log.count
    }
    if count == cancelAt { throw CancellationError() }
  }
}
