import Foundation
import LifelineCore

/// A session's transcript on disk: hash-chained JSON Lines, created 0600, appended and
/// flushed so that a crash at any moment leaves only complete, verifiable lines.
///
/// Every event is written with one `write(2)` of its whole line. Events that announce or
/// conclude something (step start and end, answers, confirmations) are fsync'd before
/// `record` returns, so nothing they announce starts unrecorded. Output chunks are written
/// at once but fsync'd at most every 200 ms and before the next such event: a killed
/// `lifeline` loses nothing (the kernel has the data), and a 200 MB output does not pay
/// one disk flush per chunk.
public final class TranscriptFile: TranscriptRecorder, @unchecked Sendable {
  public let path: String
  private let descriptor: Int32
  private let lock = NSLock()
  private var chain: TranscriptChain
  private let redactor: Redactor
  private var unsyncedSince: UInt64?
  /// False only for benchmarks that measure what the flushes cost.
  private let flushes: Bool
  private static let outputSyncInterval: UInt64 = 200_000_000

  /// Creates a new transcript; fails if the file exists.
  public init(creating path: String, redactor: Redactor, flushes: Bool = true) throws(FileError) {
    self.path = path
    self.redactor = redactor
    self.flushes = flushes
    self.chain = TranscriptChain()
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_APPEND | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw FileError("\(path): cannot create the transcript (\(Self.lastError))") }
    self.descriptor = descriptor
  }

  /// Opens an existing transcript to append to it, continuing its chain. A partial last
  /// line (left by a crash) is cut off first: it was never part of the record.
  public init(appendingTo path: String, redactor: Redactor) throws(FileError) {
    self.path = path
    self.redactor = redactor
    self.flushes = true
    let contents = try TextFile.read(path)
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
    let descriptor = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileError("\(path): cannot open the transcript (\(Self.lastError))") }
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// The hash of the last line written: print it, paste it into the incident ticket.
  public var head: String {
    lock.lock()
    defer { lock.unlock() }
    return chain.head
  }

  public var eventCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return chain.nextSequence
  }

  public func record(_ event: TranscriptEvent) throws(RecordingError) {
    let clean = redactor.redact(event)
    let now = Self.epochMilliseconds()
    lock.lock()
    defer { lock.unlock() }
    var next = chain
    let line = next.seal(clean, epochMilliseconds: now) + "\n"
    try write(line)
    chain = next
    if event.type == .output {
      let nanoseconds = DispatchTime.now().uptimeNanoseconds
      if let since = unsyncedSince {
        if nanoseconds - since >= Self.outputSyncInterval { try sync() }
      } else {
        unsyncedSince = nanoseconds
      }
    } else {
      try sync()
    }
  }

  private func write(_ line: String) throws(RecordingError) {
    var bytes = Array(line.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { buffer in
        Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        let reason = Self.lastError
        // Undo a partial line so the file still ends at a complete, verifiable line.
        if offset > 0 { ftruncate(descriptor, lseek(descriptor, 0, SEEK_END) - off_t(offset)) }
        throw RecordingError("cannot write the transcript \(path): \(reason)")
      }
      offset += written
    }
    bytes.removeAll()
  }

  private func sync() throws(RecordingError) {
    unsyncedSince = nil
    guard flushes else { return }
    guard fsync(descriptor) == 0 else { throw RecordingError("cannot flush the transcript \(path): \(Self.lastError)") }
  }

  static func epochMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
  }

  static var lastError: String { String(cString: strerror(errno)) }
}
