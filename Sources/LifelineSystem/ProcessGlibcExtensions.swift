import Glibc

/// The glibc calls that make spawning safe while other threads spawn too, and that set the child's
/// working directory. All are GNU
/// extensions behind `_GNU_SOURCE`, which Swift's Glibc module does not define, so they are looked
/// up by name in the C library the process already runs on (glibc 2.34 or later).
enum ProcessGlibcExtensions {
  /// `POSIX_SPAWN_SETSID` (glibc 2.26 and later), a GNU extension too: the child starts a new
  /// session, without a controlling terminal.
  static let spawnNewSession: Int32 = 0x80

  private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
  private typealias AddChdir =
    @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
  private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// A pipe whose ends are close-on-exec from the start: with `pipe` and a later `fcntl`, a child
  /// spawned by another thread in between would inherit the write end and hold the pipe open.
  static func makeCloseOnExecPipe() -> (read: Int32, write: Int32)? {
    guard let symbol = dlsym(nil, "pipe2") else { return nil }
    let pipe2 = unsafeBitCast(symbol, to: Pipe2.self)
    var ends: [Int32] = [-1, -1]
    guard pipe2(&ends, O_CLOEXEC) == 0 else { return nil }
    return (ends[0], ends[1])
  }

  /// Makes the child close every descriptor from `lowest` up before it runs the command, so it
  /// inherits none of ours, whoever opened them and however.
  static func closeDescriptors(from lowest: Int32, in actions: inout posix_spawn_file_actions_t) -> Bool {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return false }
    let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
    return addCloseFrom(&actions, lowest) == 0
  }

  /// Makes the child change to `directory` before it runs the command
  /// (`posix_spawn_file_actions_addchdir_np`, glibc 2.29 and later).
  static func changeDirectory(to directory: String, in actions: inout posix_spawn_file_actions_t) -> Bool {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return false }
    let addChdir = unsafeBitCast(symbol, to: AddChdir.self)
    return directory.withCString { addChdir(&actions, $0) } == 0
  }
}
