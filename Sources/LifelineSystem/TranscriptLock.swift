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
  private let lock: FileLock

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
    do {
      lock = try FileLock(adopting: descriptor, waiting: false)
    } catch {
      switch error {
      case .held(let holder): throw FileError(Self.busy(path, holder: holder))
      case .failed: throw FileError("\(path): cannot lock the transcript (\(error.reason))")
      }
    }
    self.path = path
  }

  /// A descriptor of the claimed file for its writer to own and close; the claim lasts as long
  /// as this lock or any such descriptor is open.
  public func writingDescriptor() throws(FileError) -> Int32 {
    guard let copy = lock.duplicateDescriptor() else { throw FileError("\(path): \(String(cString: strerror(errno)))") }
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
}
