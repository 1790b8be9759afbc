import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive `flock` on a file, held from `acquire` until `release`; the kernel drops it
/// when the process dies, so a crashed command never leaves the lab locked.
final class FileLock {
  private let descriptor: Int32

  private init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  /// Blocks until the lock on `path` (created when missing) is ours.
  static func acquire(_ path: String) throws -> FileLock {
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw LabError.io("cannot open lock file \(path): \(String(cString: strerror(errno)))")
    }
    while flock(descriptor, LOCK_EX) != 0 {
      if errno != EINTR {
        close(descriptor)
        throw LabError.io("cannot lock \(path): \(String(cString: strerror(errno)))")
      }
    }
    return FileLock(descriptor: descriptor)
  }

  /// Runs `body` while holding the lock on `path`.
  static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
    let lock = try acquire(path)
    defer { lock.release() }
    return try body()
  }

  func release() {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
