import CLibEdit
import Foundation
import LifelineSystem

/// The lines entered so far, for Up, Down and Ctrl-R, kept in a file across sessions.
///
/// Each entered line is written at once, so a session that is killed keeps its history. The
/// file is re-read before each write and the line appended to what it holds, so two sessions
/// at the same time do not erase each other's lines. The file is libedit's format (a
/// `_HiStOrY_V2_` header, then one strvis-encoded line each), which GNU readline cannot read.
final class HistoryStore {
  let history: OpaquePointer
  private let file: String?
  private let capacity: Int32
  private var event = HistEvent()

  /// `file` nil or `/dev/null`: the history lives only as long as the session.
  init(file: String?, capacity: Int) {
    history = history_init()
    self.capacity = Int32(capacity)
    self.file = file.flatMap { Self.isWritable($0) ? $0 : nil }
    Self.configure(history, capacity: self.capacity, event: &event)
    if let file = self.file { chist_load(history, &event, file) }
  }

  deinit { history_end(history) }

  /// Why the history file is not kept, when its folder is writable by every user.
  static func refusal(for path: String) -> String? {
    let directory = (path as NSString).deletingLastPathComponent
    return Paths.writableByEveryone(directory.isEmpty ? "." : directory).map { "history not kept: \($0)" }
  }

  func enter(_ line: String) {
    chist_enter(history, &event, line)
    guard let file else { return }
    append(line, to: file)
  }

  private func append(_ line: String, to file: String) {
    let directory = (file as NSString).deletingLastPathComponent
    if !directory.isEmpty {
      try? FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    guard let merged = history_init() else { return }
    defer { history_end(merged) }
    var mergedEvent = HistEvent()
    Self.configure(merged, capacity: capacity, event: &mergedEvent)
    chist_load(merged, &mergedEvent, file)
    chist_enter(merged, &mergedEvent, line)

    guard let (temporary, descriptor) = Paths.createTemporary(besides: file) else { return }
    guard let stream = fdopen(descriptor, "w") else {
      close(descriptor)
      unlink(temporary)
      return
    }
    let saved = chist_save_fp(merged, &mergedEvent, stream)
    let closed = fclose(stream)
    if saved >= 0, closed == 0, rename(temporary, file) == 0 { return }
    unlink(temporary)
  }

  private static func configure(_ history: OpaquePointer, capacity: Int32, event: inout HistEvent) {
    chist_setsize(history, &event, capacity)
    chist_setunique(history, &event, 1)
  }

  /// Only a regular file (or one that does not exist yet) is ever replaced: never
  /// `/dev/null` or another device named as "no history", and never in a folder every user
  /// may write to, where another user could swap the file for a link (the history then stays
  /// in memory; ``refusal(for:)`` says why).
  private static func isWritable(_ path: String) -> Bool {
    if path.isEmpty || path == "/dev/null" { return false }
    if refusal(for: path) != nil { return false }
    var status = stat()
    if lstat(path, &status) != 0 { return errno == ENOENT }
    return (status.st_mode & S_IFMT) == S_IFREG
  }
}
