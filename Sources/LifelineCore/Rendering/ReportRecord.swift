import Foundation

/// A transcript read for its report: the verification result, the events in order, each
/// step attempt with its output, and the runbooks the session ran with the path each took.
struct ReportRecord: Sendable {
  /// A runbook the session ran, from the event that started it until the next one.
  struct Segment: Sendable {
    var runbook: RecordedRunbook
    /// Step ids in the order of their `step.end` events, retries included.
    var path: [String] = []
  }

  var fileName: String
  var verification: TranscriptVerifier.Result
  /// The chain and the seals, as far as the record itself can tell (signatures unchecked).
  var seals: RecordVerification
  /// Every event except output chunks, in record order.
  var events: [ReportEvent] = []
  var attempts: [ReportStepAttempt] = []
  var segments: [Segment] = []
  /// 1-based numbers of lines that are not transcript events.
  var unreadableLines: [Int] = []
  /// The stdout lines of steps marked as evidence, in record order.
  var evidence: [EvidenceLine] = []

  /// - Parameter evidenceSteps: the evidence kinds of the steps marked `evidence:`, whose
  ///   output is kept whole, line by line.
  init(transcript: String, fileName: String, evidenceSteps: [String: [EvidenceKind]] = [:]) {
    self.fileName = fileName
    seals = RecordVerification.check(transcript, fileName: fileName, signatures: nil)
    verification = seals.chain
    var lines = transcript.split(separator: "\n", omittingEmptySubsequences: false)
    // The last piece is empty after a final newline, or a partial line a crash left:
    // neither is part of the record.
    lines.removeLast()
    var reader = Reader(evidence: EvidenceLineReader(kinds: evidenceSteps))
    for (index, line) in lines.enumerated() {
      guard let event = ReportEvent(line: line, lineIndex: index) else {
        unreadableLines.append(index + 1)
        continue
      }
      reader.read(event, into: &self)
    }
    reader.evidence.finishAll()
    evidence = reader.evidence.lines
  }

  func events(ofType type: String) -> [ReportEvent] { events.filter { $0.type == type } }

  var sessionStart: ReportEvent? { events.first { $0.type == "session.start" } }
  var sessionEnd: ReportEvent? { events.last { $0.type == "session.end" } }
  var lastEvent: ReportEvent? { events.last }

  /// Tracks which attempt each output chunk and end event belongs to while reading.
  private struct Reader {
    var openSteps: [String: Int] = [:]
    var openCommands: [String: Int] = [:]
    var evidence: EvidenceLineReader

    mutating func read(_ event: ReportEvent, into record: inout ReportRecord) {
      if event.type == "output" {
        readOutput(event, into: &record)
        return
      }
      record.events.append(event)
      switch event.type {
      case "session.start", "runbook.load":
        guard let name = event.string("runbook") else { return }
        let runbook = RecordedRunbook(
          name: name, file: event.string("runbook_file") ?? "", sha256: event.string("runbook_sha256") ?? "")
        record.segments.append(Segment(runbook: runbook))
        openSteps = [:]
      case "step.start":
        guard let step = event.string("step") else { return }
        var attempt = ReportStepAttempt(kind: .step(step))
        attempt.start = event
        openSteps[step] = record.attempts.count
        record.attempts.append(attempt)
      case "answer":
        guard let step = event.string("step") else { return }
        var attempt = ReportStepAttempt(kind: .step(step))
        attempt.answer = event
        openSteps[step] = record.attempts.count
        record.attempts.append(attempt)
      case "step.end":
        guard let step = event.string("step") else { return }
        let index = openSteps.removeValue(forKey: step) ?? newAttempt(.step(step), in: &record)
        record.attempts[index].end = event
        evidence.finish(step: step)
        if !record.segments.isEmpty { record.segments[record.segments.count - 1].path.append(step) }
      case "exec.start":
        guard let node = event.string("node") else { return }
        var attempt = ReportStepAttempt(kind: .adHoc(node: node))
        attempt.start = event
        openCommands[node] = record.attempts.count
        record.attempts.append(attempt)
      case "exec.end":
        guard let node = event.string("node") else { return }
        let index = openCommands.removeValue(forKey: node) ?? newAttempt(.adHoc(node: node), in: &record)
        record.attempts[index].end = event
      default:
        break
      }
    }

    private mutating func readOutput(_ event: ReportEvent, into record: inout ReportRecord) {
      let node = event.string("node") ?? "?"
      let bytes: [UInt8]
      if let text = event.string("text") {
        bytes = Array(text.utf8)
      } else {
        bytes = event.string("bytes").flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) } ?? []
      }
      let stream = event.string("stream") ?? "stdout"
      if let step = event.string("step"), !evidence.isEmpty {
        evidence.read(step: step, node: node, stream: stream, bytes: bytes, sequence: event.sequence)
      }
      let index: Int
      if let step = event.string("step") {
        index =
          openSteps[step] ?? record.attempts.lastIndex { $0.kind == .step(step) }
          ?? newAttempt(.step(step), in: &record)
      } else {
        index = openCommands[node] ?? newAttempt(.adHoc(node: node), in: &record)
      }
      record.attempts[index].appendOutput(
        node: node, stream: stream, bytes: bytes, sequence: event.sequence)
    }

    private func newAttempt(_ kind: ReportStepAttempt.Kind, in record: inout ReportRecord) -> Int {
      record.attempts.append(ReportStepAttempt(kind: kind))
      return record.attempts.count - 1
    }
  }
}
