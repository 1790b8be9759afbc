import Foundation
import LifelineCore
import LifelineSystem

/// The session's one transcript. It is created when the first event must be recorded (a
/// session that only looks around leaves no file), named like `lifeline run`'s:
/// `STAMP_RUNBOOK_NODE.jsonl`, or `STAMP_session_CLUSTER.jsonl` before any runbook.
///
/// Secrets set during the session are redacted here, before the file sees an event, and
/// each recorded event also updates the step marks that `show` displays.
final class SessionRecorder: TranscriptRecorder, @unchecked Sendable {
  struct Status {
    var path: String
    var events: Int
    var head: String
    /// How many events of each type this session recorded (a resumed file's included).
    var counts: [TranscriptEventType: Int]
    /// How many of the `step.end` events record a failed step.
    var failedSteps: Int
  }

  private let lock = NSLock()
  private let folderOption: String?
  private let sessionInfo: TranscriptEvent.SessionInfo
  private var file: TranscriptFile?
  private var redactor = Redactor(secrets: [])
  private var fileRunbook = "session"
  private var fileSubject: String
  private var stepMarks = StepMarks()
  private var lastAttempted: String?
  private var counts: [TranscriptEventType: Int] = [:]
  private var failedSteps = 0

  /// False only for `make bench`, which measures what flushing each event costs.
  private let flushes: Bool

  init(folderOption: String?, sessionInfo: TranscriptEvent.SessionInfo, flushes: Bool = true) {
    self.folderOption = folderOption
    self.sessionInfo = sessionInfo
    self.flushes = flushes
    fileSubject = sessionInfo.cluster
    if let runbook = sessionInfo.runbook { fileRunbook = runbook }
  }

  /// Creates the transcript now (with its `session.start`), for a session that is recorded
  /// from its first moment.
  func open() throws(RecordingError) {
    lock.lock()
    defer { lock.unlock() }
    _ = try openFile()
  }

  func record(_ event: TranscriptEvent) throws(RecordingError) {
    lock.lock()
    defer { lock.unlock() }
    let file = try openFile()
    let clean = redactor.redact(event)
    try file.record(clean)
    observe(clean)
  }

  /// Output goes to the file's writer as it is: the file masks the session's secrets per
  /// stream, also where a chunk ends inside one.
  func recordOutput(_ chunk: OutputChunk, show: @escaping @Sendable ([UInt8]) -> Void) throws(RecordingError) {
    lock.lock()
    defer { lock.unlock() }
    let file = try openFile()
    try file.recordOutput(chunk, show: show)
    counts[.output, default: 0] += 1
  }

  /// What the file will be named after, if it is created from now on.
  func nameFile(runbook: String, subject: String) {
    lock.lock()
    defer { lock.unlock() }
    fileRunbook = runbook
    fileSubject = subject
  }

  /// Secret values to mask from now on, in the record and on the screen.
  func redact(secrets: [String]) {
    lock.lock()
    defer { lock.unlock() }
    redactor = Redactor(secrets: secrets)
    file?.redact(with: redactor)
  }

  var status: Status? {
    lock.lock()
    defer { lock.unlock() }
    return file.map {
      Status(path: $0.path, events: $0.eventCount, head: $0.head, counts: counts, failedSteps: failedSteps)
    }
  }

  var marks: StepMarks {
    lock.lock()
    defer { lock.unlock() }
    return stepMarks
  }

  /// The runbook step that last ran, was asked or was cancelled, for `retry`.
  var lastAttemptedStep: String? {
    lock.lock()
    defer { lock.unlock() }
    return lastAttempted
  }

  /// Goes on recording in a transcript being resumed (the current file, if any, was ended
  /// before): the resumed one continues its chain with `resume`. The marks are read back
  /// from what the resumed file holds.
  func continueIn(_ claimed: TranscriptLock, recorded contents: String, resume: TranscriptEvent)
    throws(RecordingError)
  {
    lock.lock()
    defer { lock.unlock() }
    let resumed: TranscriptFile
    do {
      resumed = try TranscriptFile(appendingTo: claimed, redactor: redactor)
    } catch {
      throw RecordingError(error.description)
    }
    file = resumed
    stepMarks = StepMarks()
    lastAttempted = nil
    counts = [:]
    failedSteps = 0
    for event in TranscriptDecoder.events(in: contents).compactMap(\.event) { observe(event) }
    let clean = redactor.redact(resume)
    try resumed.record(clean)
    observe(clean)
  }

  private func openFile() throws(RecordingError) -> TranscriptFile {
    if let file { return file }
    let created: TranscriptFile
    do {
      let folder = try TranscriptLocation.folder(folderOption)
      created = try TranscriptLocation.newFile(
        in: folder, runbook: fileRunbook, subject: fileSubject, redactor: redactor, flushes: flushes)
    } catch {
      throw RecordingError("cannot create the transcript: \(error.description)")
    }
    try created.record(redactor.redact(.sessionStart(sessionInfo)))
    file = created
    return created
  }

  private func observe(_ event: TranscriptEvent) {
    stepMarks.apply(event)
    counts[event.type, default: 0] += 1
    if event.type == .stepEnd, event["result"]?.stringValue != "ok" { failedSteps += 1 }
    switch event.type {
    case .runbookLoad:
      lastAttempted = nil
    case .stepStart, .answer, .confirm:
      // Ad-hoc commands are recorded as `exec NODE` and `trust NODE`, never a step id.
      if let step = event["step"]?.stringValue, !step.contains(" ") { lastAttempted = step }
    case .flow
    where [FlowAction.cancel.rawValue, FlowAction.stop.rawValue].contains(event["action"]?.stringValue):
      if let step = event["step"]?.stringValue { lastAttempted = step }
    default:
      break
    }
  }
}
