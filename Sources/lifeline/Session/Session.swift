import Foundation
import LifelineCore
import LifelineHTTP
import LifelineSSH
import LifelineSystem

/// What every front end of a session works with — `lifeline run`, `run --resume`, `exec`,
/// `trust` and the console alike — assembled in one place, so that none of them can run a
/// step without the safety interlocks, the cluster lock or the API client (after SwiftPM's
/// `SwiftCommandState`, which builds what a command needs and releases its locks).
///
/// It holds the executor (node steps over SSH, `local` steps here, output redacted as it
/// arrives), the Proxmox API client, the session's one transcript, the secrets to mask, and
/// the cluster lock, which it takes at the first changing step and gives back when the runbook
/// ends, another is loaded, or the session ends.
final class Session {
  let inventory: Inventory
  /// Every step and ad-hoc command runs through it; output is redacted before anything sees it.
  let executor: any CommandExecutor
  let api: APIClientSetup
  let recorder: SessionRecorder
  /// The secrets masked on screen and in output; the recorder masks the same in the record.
  let mask = SecretMask()
  private let cluster: ClusterExecutor
  /// One id for the whole session: a lock it took is recognised as its own.
  private let sessionID = String(UInt64.random(in: 0...UInt64.max), radix: 16)
  private var lock: ClusterLock?

  init(
    inventory: Inventory, recorder: SessionRecorder, passphrase: PassphraseProvider? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.inventory = inventory
    self.recorder = recorder
    cluster = ClusterExecutor(inventory: inventory, passphrase: passphrase)
    executor = RedactingExecutor(base: cluster, mask: mask)
    api = ProxmoxAPIClient.setup(for: inventory, trustStore: TrustAPI.standardStore, environment: environment)
    redact(secrets: [])
  }

  /// A runner for the loaded runbook, with this session's executor, API client, record and
  /// safety measures.
  func runner(
    for runbook: Runbook, console: any OperatorConsole, canceller: StepCanceller, interactive: Bool
  ) -> RunbookRunner {
    RunbookRunner(
      executor: executor, apiClient: api.client, console: console, recorder: recorder, canceller: canceller,
      safety: safety(for: runbook.name), interactive: interactive)
  }

  /// Secret values to mask from now on (the API token's are always masked), in the record,
  /// in command output and on the screen.
  func redact(secrets: [String]) {
    mask.update(secrets: secrets + api.secrets)
    recorder.redact(secrets: secrets + api.secrets)
  }

  /// Gives the cluster lock back if this session holds it, and records that.
  func releaseLock() async {
    guard let lock, let node = lock.currentNode else { return }
    await lock.release()
    try? recorder.record(.flow(.lock, step: nil, detail: "released the cluster lock \(ClusterLock.path) on \(node)"))
  }

  /// Ends the session's part of the record, the one way every front end closes a transcript:
  /// gives the lock back, records `session.end`, then seals the record while the executor
  /// still reaches the nodes that witness it. What the seal says goes to `descriptor`.
  func end(_ outcome: Outcome?, reason: String, saying descriptor: Int32 = STDOUT_FILENO) async throws(RecordingError) {
    await releaseLock()
    try recorder.record(.sessionEnd(outcome, reason: reason))
    guard let ended = recorder.status else { return }
    await RecordSeal.close(
      recorder, path: ended.path, events: ended.events, head: ended.head, inventory: inventory, executor: executor,
      saying: descriptor)
  }

  /// Goes on recording in the transcript `file` being resumed, for `run --resume` and the
  /// console's `resume` alike: a record that was cut off is sealed as it stands, the current
  /// transcript (the console's, if it has one) is ended and sealed, and `resume` continues the
  /// resumed file's chain.
  func resume(_ claimed: TranscriptLock, recorded contents: String, with resume: TranscriptEvent)
    async throws(RecordingError)
  {
    try RecordSeal.sealBeforeResuming(claimed, contents: contents, inventory: inventory)
    if recorder.status != nil { try await end(nil, reason: "the operator resumed \(claimed.path)") }
    try recorder.continueIn(claimed, recorded: contents, resume: resume)
  }

  /// Ends what the session holds: the lock, then the connections.
  func shutdown() async {
    await releaseLock()
    await cluster.shutdown()
  }

  /// The interlocks, and the lock named after `purpose` and the transcript; a lock this
  /// session holds is kept until it is released, whatever runbook runs meanwhile.
  private func safety(for purpose: String) -> SessionSafety {
    if lock?.currentNode == nil {
      let file = recorder.status.map { " (\(URL(fileURLWithPath: $0.path).lastPathComponent))" } ?? ""
      lock = ClusterLock(
        executor: executor, inventory: inventory, sessionID: sessionID,
        operatorName: "\(OperatorIdentity.user)@\(OperatorIdentity.host)",
        since: Timestamp.rfc3339(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)),
        purpose: purpose + file)
    }
    return SessionSafety(interlocks: SafetyInterlocks(executor: executor), clusterLock: lock)
  }
}
