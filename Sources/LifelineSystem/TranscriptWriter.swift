import Foundation
import LifelineCore

/// The one writer of a transcript file: a thread of its own that takes events from a bounded
/// queue, seals them (``TranscriptSealer``: redaction, numbering, JSON, SHA-256) and appends
/// them, so a node's read loop only hands its chunk over.
///
/// - Order: events are sealed in the order they were submitted, from every thread.
/// - Memory: at most ``queueLimit`` bytes of output wait; a producer beyond it blocks until the
///   writer has caught up, which stops it reading its channel (backpressure, not buffering).
/// - Durability: a durable event returns once it and everything before it are written and
///   fsync'd; one fsync covers every event that waited for it. Output is fsync'd at least
///   every 200 ms while it flows.
/// - Failure: once a write or fsync fails (a full disk), the file is cut back to its last
///   complete line and every later submission throws.
final class TranscriptWriter: @unchecked Sendable {
  static let queueLimit = 4 * 1024 * 1024
  private static let outputSyncInterval: UInt64 = 200_000_000

  enum Entry {
    case event(TranscriptEvent, durable: Bool)
    case output(OutputChunk, show: @Sendable ([UInt8]) -> Void)
    case redactor(Redactor)
  }

  let path: String
  private let descriptor: Int32
  private let flushes: Bool
  private let condition = NSCondition()
  // Guarded by `condition`:
  private var queue: [Entry] = []
  private var queuedBytes = 0
  private var submitted = 0
  private var completed = 0
  private var failure: RecordingError?
  private var stopping = false
  private var thread: pthread_t?
  private var publishedChain: TranscriptChain
  // The writer thread's own:
  private var sealer: TranscriptSealer
  private var lines: [UInt8] = []
  private var unsyncedSince: UInt64?

  init(path: String, descriptor: Int32, sealer: TranscriptSealer, flushes: Bool) {
    self.path = path
    self.descriptor = descriptor
    self.sealer = sealer
    self.flushes = flushes
    publishedChain = sealer.chain
    var created = pthread_t()
    let started = pthread_create(
      &created, nil,
      { context in
        Unmanaged<TranscriptWriter>.fromOpaque(context!).takeRetainedValue().serve()
        return nil
      }, Unmanaged.passRetained(self).toOpaque())
    precondition(started == 0, "could not start the transcript writer: error \(started)")
    thread = created
  }

  /// The chain as far as it is written.
  var chain: TranscriptChain {
    condition.lock()
    defer { condition.unlock() }
    return publishedChain
  }

  /// Queues `entry`; with `waiting`, returns only once it is written (and, if durable, synced).
  func submit(_ entry: Entry, waiting: Bool) throws(RecordingError) {
    let size: Int
    if case .output(let chunk, _) = entry { size = chunk.bytes.count } else { size = 0 }
    condition.lock()
    defer { condition.unlock() }
    while size > 0, queuedBytes >= Self.queueLimit, failure == nil { condition.wait() }
    if let failure { throw failure }
    queue.append(entry)
    queuedBytes += size
    submitted += 1
    let ticket = submitted
    condition.broadcast()
    guard waiting else { return }
    while completed < ticket, failure == nil { condition.wait() }
    if completed < ticket, let failure { throw failure }
  }

  /// Writes what is queued, syncs, and ends the thread. Call once.
  func stop() {
    condition.lock()
    stopping = true
    condition.broadcast()
    condition.unlock()
    if let thread { pthread_join(thread, nil) }
    thread = nil
    close(descriptor)
  }

  private func serve() {
    while true {
      condition.lock()
      while queue.isEmpty, !stopping {
        if let since = unsyncedSince {
          let due = Double(since + Self.outputSyncInterval) / 1e9 - Double(Self.uptime()) / 1e9
          if !condition.wait(until: Date(timeIntervalSinceNow: max(0, due))) { break }
        } else {
          condition.wait()
        }
      }
      let batch = queue
      let ticket = submitted
      let bytes = queuedBytes
      queue.removeAll(keepingCapacity: true)
      let done = stopping && batch.isEmpty
      condition.unlock()

      let before = sealer
      var shown: [TranscriptSealer.Shown] = []
      var durable = done
      let now = Self.epochMilliseconds()
      lines.removeAll(keepingCapacity: true)
      for entry in batch {
        switch entry {
        case .event(let event, let needsSync):
          shown += sealer.seal(event, at: now, onto: &lines)
          durable = durable || needsSync
        case .output(let chunk, let show):
          if let final = sealer.seal(chunk, at: now, onto: &lines, show: show) { shown.append(final) }
        case .redactor(let redactor):
          sealer.redactor = redactor
        }
      }
      var error: RecordingError?
      do {
        try write(lines)
        if !lines.isEmpty, unsyncedSince == nil { unsyncedSince = Self.uptime() }
        if durable || unsyncedSince.map({ Self.uptime() - $0 >= Self.outputSyncInterval }) == true { try sync() }
      } catch let failed {
        error = failed
        sealer = before
      }
      if error == nil { for (show, bytes) in shown { show(bytes) } }
      if lines.capacity > 4 * Self.queueLimit { lines = [] }

      condition.lock()
      queuedBytes -= bytes
      if let error {
        failure = failure ?? error
      } else {
        completed = ticket
        publishedChain = sealer.chain
      }
      condition.broadcast()
      condition.unlock()
      if done { return }
    }
  }

  /// One `write(2)` per batch; a failed one is undone so the file ends at a complete line.
  private func write(_ bytes: [UInt8]) throws(RecordingError) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
      if written < 0 {
        if errno == EINTR { continue }
        let reason = Self.lastError
        if offset > 0 { ftruncate(descriptor, lseek(descriptor, 0, SEEK_END) - off_t(offset)) }
        throw RecordingError("cannot write the transcript \(path): \(reason)")
      }
      offset += written
    }
  }

  private func sync() throws(RecordingError) {
    unsyncedSince = nil
    guard flushes else { return }
    guard fsync(descriptor) == 0 else { throw RecordingError("cannot flush the transcript \(path): \(Self.lastError)") }
  }

  static func uptime() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

  static func epochMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
  }

  static var lastError: String { String(cString: strerror(errno)) }
}
