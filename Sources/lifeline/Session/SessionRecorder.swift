import Foundation
import LifelineCore
import LifelineSystem
import Synchronization

/// The session's one transcript. It is created when the first event must be recorded (a
/// session that only looks around leaves no file), named like `lifeline run`'s:
/// `STAMP_RUNBOOK_NODE.jsonl`, or `STAMP_session_CLUSTER.jsonl` before any runbook.
///
/// Secrets set during the session are redacted here, before the file sees an event, and
/// each recorded event also updates the step marks that `show` displays.
final class SessionRecorder: TranscriptRecorder, Sendable {
  struct Status {
    var path: String
    var events: Int
    var head: String
    /// How many events of each type this session recorded (a resumed file's included).
    var counts: [TranscriptEventType: Int]
    /// How many of the `step.end` events record a failed step.
    var failedSteps: Int
  }

  private struct State {
    var file: TranscriptFile?
    var redactor = Redactor(secrets: [])
    var fileRunbook = "session"
    var fileSubject: String
    var stepMarks = StepMarks()
    var lastAttempted: String?
    var counts: [TranscriptEventType: Int] = [:]
    var failedSteps = 0

    /// Counts the event and follows the step marks and the step `retry` takes.
    mutating func observe(_ event: TranscriptEvent) {
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

  private let folderOption: String?
  private let sessionInfo: TranscriptEvent.SessionInfo
  private let state: Mutex<State>

  /// False only for `make bench`, which measures what flushing each event costs.
  private let flushes: Bool

  init(folderOption: String?, sessionInfo: TranscriptEvent.SessionInfo, flushes: Bool = true) {
    self.folderOption = folderOption
    self.sessionInfo = sessionInfo
    self.flushes = flushes
    state = Mutex(State(fileRunbook: sessionInfo.runbook ?? "session", fileSubject: sessionInfo.cluster))
  }

  /// Creates the transcript now (with its `session.start`), for a session that is recorded
  /// from its first moment.
  func open() throws(RecordingError) {
    try state.withLock { state throws(RecordingError) in _ = try openFile(&state) }
  }

  func record(_ event: TranscriptEvent) throws(RecordingError) {
    try state.withLock { state throws(RecordingError) in
      let file = try openFile(&state)
      let clean = state.redactor.redact(event)
      try file.record(clean)
      state.observe(clean)
    }
  }

  /// Output goes to the file's writer as it is: the file masks the session's secrets per
  /// stream, also where a chunk ends inside one.
  func recordOutput(_ chunk: OutputChunk, show: @escaping @Sendable ([UInt8]) -> Void) throws(RecordingError) {
    try state.withLock { state throws(RecordingError) in
      let file = try openFile(&state)
      try file.recordOutput(chunk, show: show)
      state.counts[.output, default: 0] += 1
    }
  }

  /// What the file will be named after, if it is created from now on.
  func nameFile(runbook: String, subject: String) {
    state.withLock { state in
      state.fileRunbook = runbook
      state.fileSubject = subject
    }
  }

  /// Secret values to mask from now on, in the record and on the screen.
  func redact(secrets: [String]) {
    state.withLock { state in
      state.redactor = Redactor(secrets: secrets)
      state.file?.redact(with: state.redactor)
    }
  }

  var status: Status? {
    state.withLock { state in
      state.file.map {
        Status(
          path: $0.path, events: $0.eventCount, head: $0.head, counts: state.counts, failedSteps: state.failedSteps)
      }
    }
  }

  var marks: StepMarks {
    state.withLock { $0.stepMarks }
  }

  /// The runbook step that last ran, was asked or was cancelled, for `retry`.
  var lastAttemptedStep: String? {
    state.withLock { $0.lastAttempted }
  }

  /// Goes on recording in a transcript being resumed (the current file, if any, was ended
  /// before): the resumed one continues its chain with `resume`. The marks are read back
  /// from what the resumed file holds.
  func continueIn(_ claimed: TranscriptLock, recorded contents: String, resume: TranscriptEvent)
    throws(RecordingError)
  {
    try state.withLock { state throws(RecordingError) in
      let resumed: TranscriptFile
      do throws(FileError) {
        resumed = try TranscriptFile(appendingTo: claimed, redactor: state.redactor)
      } catch {
        throw RecordingError(error.description)
      }
      state.file = resumed
      state.stepMarks = StepMarks()
      state.lastAttempted = nil
      state.counts = [:]
      state.failedSteps = 0
      for event in TranscriptDecoder.events(in: contents).compactMap(\.event) { state.observe(event) }
      let clean = state.redactor.redact(resume)
      try resumed.record(clean)
      state.observe(clean)
    }
  }

  private func openFile(_ state: inout State) throws(RecordingError) -> TranscriptFile {
    if let file = state.file { return file }
    let created: TranscriptFile
    do {
      let folder = try TranscriptLocation.folder(folderOption)
      created = try TranscriptLocation.newFile(
        in: folder, runbook: state.fileRunbook, subject: state.fileSubject, redactor: state.redactor,
        flushes: flushes)
    } catch {
      throw RecordingError("cannot create the transcript: \(error.description)")
    }
    try created.record(state.redactor.redact(.sessionStart(sessionInfo)))
    state.file = created
    return created
  }
}
