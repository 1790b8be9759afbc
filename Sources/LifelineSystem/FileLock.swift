import Foundation

/// An exclusive `flock` on an open file, held until the lock is released or deinitialised.
/// The kernel drops it when its holder exits, also on SIGKILL, so a killed holder never leaves
/// the file locked. The one `flock` wrapper: a transcript is claimed without waiting, so that
/// a second session is refused with the holder's pid (``TranscriptLock``); the lab waits for
/// its own locks (``withLock(_:_:)``).
public final class FileLock: @unchecked Sendable {
  /// Why a lock was not taken.
  public enum Failure: Error, Sendable {
    /// Another open file holds it: the process `/proc/locks` names, or nil when no process
    /// on this machine does (the holder is on another machine sharing the file system).
    case held(by: pid_t?)
    /// `flock` failed with this `errno`.
    case failed(Int32)
  }

  private let descriptor: Int32

  /// Locks the file open at `descriptor`, which the lock owns from now on (it is closed when
  /// the lock fails). With `waiting`, blocks until the lock is free; otherwise fails at once
  /// with ``Failure/held(by:)``.
  public init(adopting descriptor: Int32, waiting: Bool) throws(Failure) {
    // Locked before the property is set: a failed lock must not run `deinit`, which would
    // close the descriptor a second time.
    var result: Int32
    repeat { result = flock(descriptor, LOCK_EX | (waiting ? 0 : LOCK_NB)) } while result != 0 && errno == EINTR
    guard result == 0 else {
      let reason = errno
      let holder = reason == EWOULDBLOCK ? Self.holder(of: descriptor) : nil
      close(descriptor)
      throw reason == EWOULDBLOCK ? .held(by: holder) : .failed(reason)
    }
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// Runs `body` while holding the lock on `path` (created when missing), waiting for it.
  public static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw FileError("cannot open lock file \(path): \(String(cString: strerror(errno)))")
    }
    let lock: FileLock
    do {
      lock = try FileLock(adopting: descriptor, waiting: true)
    } catch {
      throw FileError("cannot lock \(path): \(error.reason)")
    }
    return try withExtendedLifetime(lock) { try body() }
  }

  /// A descriptor of the locked file for another owner to close; the lock lasts as long as
  /// this lock or any such descriptor is open.
  public func duplicateDescriptor() -> Int32? {
    let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
    return copy >= 0 ? copy : nil
  }

  /// The pid `/proc/locks` gives for the `flock` on the file open at `descriptor`, matched by
  /// device and inode: `ID: FLOCK ADVISORY WRITE PID MAJOR:MINOR:INODE START END`.
  static func holder(of descriptor: Int32) -> pid_t? {
    var status = stat()
    guard fstat(descriptor, &status) == 0, let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8)
    else { return nil }
    let device = UInt64(status.st_dev)
    let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
    let minor = (device & 0xff) | ((device >> 12) & ~0xff)
    let file = String(format: "%02x:%02x:%llu", major, minor, UInt64(status.st_ino))
    for line in table.split(separator: "\n") {
      let fields = line.split(separator: " ")
      // Blocked waiters are listed with "->" and hold nothing.
      guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == file else { continue }
      return pid_t(fields[4])
    }
    return nil
  }
}

extension FileLock.Failure {
  /// In words, for an error message.
  public var reason: String {
    switch self {
    case .held(let pid): "held by " + (pid.map { "process \($0)" } ?? "a process on another machine")
    case .failed(let code): String(cString: strerror(code))
    }
  }
}
