import Foundation
import LifelineCore

/// The claim of one session on a transcript: an exclusive `flock` on the file, held from the
/// moment the session creates or opens it until its writer closes it. A second session that
/// would append (two resumes of one file at once) is refused instead of forking the chain.
///
/// The kernel drops the lock when its holder exits, also on SIGKILL, so a killed session never
/// leaves the file claimed. Who holds it is read from the kernel's own table (`/proc/locks`),
/// never from a record the holder left behind, so a refusal cannot name a process that is gone.
public final class TranscriptLock: @unchecked Sendable {
  public let path: String
  private let descriptor: Int32

  /// Opens an existing transcript for appending and claims it; when another session holds
  /// it, throws an error that names that session's process and host.
  public convenience init(claiming path: String) throws(FileError) {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw FileError("\(path): cannot open the transcript (\(String(cString: strerror(errno))))")
    }
    try self.init(adopting: descriptor, path: path)
  }

  /// Claims the file open at `descriptor`, which the lock owns from now on (it is closed when
  /// the claim fails).
  public init(adopting descriptor: Int32, path: String) throws(FileError) {
    // Locked before the properties are set: a failed claim must not run `deinit`, which
    // would close the descriptor a second time.
    var result: Int32
    repeat { result = flock(descriptor, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
    guard result == 0 else {
      let reason = errno
      let holder = reason == EWOULDBLOCK ? Self.holder(of: descriptor) : nil
      close(descriptor)
      guard reason == EWOULDBLOCK else {
        throw FileError("\(path): cannot lock the transcript (\(String(cString: strerror(reason))))")
      }
      throw FileError(Self.busy(path, holder: holder))
    }
    self.path = path
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// A descriptor of the claimed file for its writer to own and close; the claim lasts as long
  /// as this lock or any such descriptor is open.
  public func writingDescriptor() throws(FileError) -> Int32 {
    let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
    guard copy >= 0 else { throw FileError("\(path): \(String(cString: strerror(errno)))") }
    return copy
  }

  /// Why the transcript cannot be claimed: who holds it, when this machine's kernel says.
  private static func busy(_ path: String, holder: pid_t?) -> String {
    if holder == getpid() { return "\(path) is the transcript this session records in already" }
    let who =
      holder.map { "process \($0) on \(OperatorIdentity.host)" }
      ?? "a session on another machine (no process on \(OperatorIdentity.host) holds its lock)"
    let stop = holder.map { " (or stop it: kill \($0))" } ?? ""
    return
      "\(path) is being recorded by another session, \(who): one session records in a transcript at a time. Let that session end\(stop), then resume again"
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
