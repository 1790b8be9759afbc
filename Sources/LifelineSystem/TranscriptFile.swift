import Foundation
import LifelineCore

/// A session's transcript on disk: hash-chained JSON Lines, created 0600, appended so that a
/// crash at any moment leaves only complete, verifiable lines.
///
/// One writer owns the chain (``TranscriptWriter``, a thread of its own): every event of the
/// session, each node's output included, is numbered and sealed there in the order it was
/// recorded, before and after a resume alike.
///
/// Durability: `record` returns once the event is written (a killed `lifeline` loses nothing
/// the kernel has). Events that announce or decide something (`step.start`, answers,
/// confirmations, flow and session events, notes) are also fsync'd first, so nothing they
/// announce starts unrecorded; a `step.end` is fsync'd with the next such event, at the
/// latest by the next step's start, and output while it flows at least every 200 ms.
public final class TranscriptFile: TranscriptRecorder, @unchecked Sendable {
  public let path: String
  private let writer: TranscriptWriter
  /// This session's claim on the file, for as long as it records in it.
  private let lock: TranscriptLock
  /// Events written at once but fsync'd with the next durable event (or within 200 ms).
  private static let promptTypes: Set<TranscriptEventType> = [.output, .connection, .stepEnd, .finding, .execEnd]

  /// Creates a new transcript; fails if the file exists. `flushes` is false only for
  /// benchmarks that measure what the flushes cost.
  public init(creating path: String, redactor: Redactor, flushes: Bool = true) throws(FileError) {
    self.path = path
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_APPEND | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw FileError("\(path): cannot create the transcript (\(Self.lastError))") }
    lock = try TranscriptLock(adopting: descriptor, path: path)
    writer = TranscriptWriter(
      path: path, descriptor: try lock.writingDescriptor(),
      sealer: TranscriptSealer(chain: TranscriptChain(), redactor: redactor), flushes: flushes)
  }

  /// Appends to an existing transcript that `lock` claims, continuing its chain. A partial
  /// last line (left by a crash) is cut off first: it was never part of the record.
  public init(appendingTo lock: TranscriptLock, redactor: Redactor) throws(FileError) {
    let path = lock.path
    self.path = path
    self.lock = lock
    let chain: TranscriptChain
    let contents = try TextFile.readRecord(path)
    switch TranscriptVerifier.verify(contents) {
    case .broken(let line, let reason):
      throw FileError("\(path):\(line): the transcript does not verify, so it cannot be continued: \(reason)")
    case .intact(let events, let hash, let truncated):
      chain = TranscriptChain(continuingAfter: events - 1, hash: hash)
      if truncated {
        let complete =
          contents.utf8.count
          - (contents.split(separator: "\n", omittingEmptySubsequences: false).last?.utf8.count ?? 0)
        guard truncate(path, off_t(complete)) == 0 else {
          throw FileError("\(path): cannot cut off the partial last line")
        }
      }
    }
    writer = TranscriptWriter(
      path: path, descriptor: try lock.writingDescriptor(), sealer: TranscriptSealer(chain: chain, redactor: redactor),
      flushes: true)
  }

  /// Writes what is still queued, then closes the file.
  deinit { writer.stop() }

  /// The hash of the last line written: print it, paste it into the incident ticket.
  public var head: String { writer.chain.head }

  public var eventCount: Int { writer.chain.nextSequence }

  public func record(_ event: TranscriptEvent) throws(RecordingError) {
    try writer.submit(.event(event, durable: !Self.promptTypes.contains(event.type)), waiting: true)
  }

  public func recordOutput(_ chunk: OutputChunk, show: @escaping @Sendable ([UInt8]) -> Void) throws(RecordingError) {
    try writer.submit(.output(chunk, show: show), waiting: false)
  }

  /// Masks these secrets too in everything recorded from now on.
  public func redact(with redactor: Redactor) {
    try? writer.submit(.redactor(redactor), waiting: false)
  }

  static var lastError: String { String(cString: strerror(errno)) }
}
