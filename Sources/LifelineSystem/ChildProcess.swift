import Foundation
import Glibc
import Synchronization

/// A child process started with `posix_spawn` and kept by its PID: the one way Lifeline, the
/// lab and the test fixtures start programs.
///
/// What every child gets: stdin from a file (`/dev/null` unless given), none of our other
/// descriptors (every one from 3 up is closed in the child, and pipes are close-on-exec from
/// the start, so a child spawned by another thread at the same moment cannot hold them open),
/// default signal handling with nothing blocked (threads of Swift's pool block most signals,
/// and a child would inherit that mask), and, unless ``Grouping/inherited``, a process group
/// of its own, so a timeout or a cancel stops everything it started, pipelines and background
/// jobs included.
///
/// Not Foundation's `Process`: that one notices a child's end through a descriptor the child
/// inherits, and a child that closes inherited descriptors (sshd does) stalls its one monitoring
/// thread. The leader is reaped only by ``reap()`` or ``reapIfExited()``, so its PID, which is
/// also the group's ID, cannot be reused while signals are still sent to it.
///
/// Unchecked `Sendable`: the pipe ends are read and closed by the one thread that watches the
/// child; the exit status is behind a mutex.
public final class ChildProcess: @unchecked Sendable {
  /// Where the child's stdout or stderr goes.
  public enum Output: Sendable, Hashable {
    /// A pipe whose read end is ``stdout`` or ``stderr``.
    case pipe
    /// A file, created with mode 0644 when missing, appended to or truncated.
    case file(String, append: Bool)
    /// A descriptor of ours, such as the write end of a pipe the caller made.
    case descriptor(Int32)
    case nullDevice
    /// For stderr: wherever stdout goes.
    case standardOutput
  }

  /// Which process group and session the child is in.
  public enum Grouping: Sendable, Hashable {
    /// Ours: a terminal's Ctrl-C reaches it as it reaches us.
    case inherited
    /// A group of its own, which it leads.
    case ownGroup
    /// A session of its own (`setsid`), without a controlling terminal, so that it cannot prompt
    /// on the operator's terminal; it leads that session's group too.
    case ownSession
  }

  public let pid: pid_t
  /// The read end of the stdout pipe; -1 when stdout is no pipe or it was closed.
  public private(set) var stdout: Int32 = -1
  public private(set) var stderr: Int32 = -1
  private let status = Mutex<Int32?>(nil)

  /// Starts `executable` (looked up in `PATH` when it holds no `/`) with `arguments` (the
  /// first is argv[0]) and the current environment with `environment` added, or, when
  /// `inheritingEnvironment` is false, `environment` alone. `directory` is its working
  /// directory (ours unless given).
  public init(
    executable: String, arguments: [String], input: String = "/dev/null", stdout standardOutput: Output = .pipe,
    stderr standardError: Output = .pipe, environment extra: [String: String] = [:],
    inheritingEnvironment: Bool = true, directory: String? = nil, grouping: Grouping = .ownGroup
  ) throws(ProcessSpawnError) {
    var opened: [Int32] = []
    func pipeEnd(_ output: Output) throws(ProcessSpawnError) -> (read: Int32, write: Int32)? {
      guard output == .pipe else { return nil }
      guard let ends = ProcessGlibcExtensions.makeCloseOnExecPipe() else {
        let code = errno
        opened.forEach { close($0) }
        throw ProcessSpawnError(executable: executable, code: code)
      }
      opened += [ends.read, ends.write]
      return ends
    }
    let outPipe = try pipeEnd(standardOutput)
    let errPipe = try pipeEnd(standardError)
    defer {
      outPipe.map { close($0.write) }
      errPipe.map { close($0.write) }
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
    Self.redirect(1, to: standardOutput, pipe: outPipe?.write, in: &actions)
    Self.redirect(2, to: standardError, pipe: errPipe?.write, in: &actions)
    _ = ProcessGlibcExtensions.closeDescriptors(from: 3, in: &actions)
    if let directory { _ = ProcessGlibcExtensions.changeDirectory(to: directory, in: &actions) }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Default signal handling and no blocked signals, whatever this process ignores or blocks
    // (an ignored SIGPIPE would otherwise break `yes | head`).
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var everySignal = sigset_t()
    sigfillset(&everySignal)
    sigdelset(&everySignal, SIGKILL)
    sigdelset(&everySignal, SIGSTOP)
    posix_spawnattr_setsigdefault(&attributes, &everySignal)
    var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
    switch grouping {
    case .inherited: break
    case .ownGroup:
      posix_spawnattr_setpgroup(&attributes, 0)
      flags |= Int32(POSIX_SPAWN_SETPGROUP)
    case .ownSession: flags |= ProcessGlibcExtensions.spawnNewSession
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))

    let variables = inheritingEnvironment ? ProcessInfo.processInfo.environment.merging(extra) { $1 } : extra
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }

    var child: pid_t = 0
    let code =
      executable.contains("/")
      ? posix_spawn(&child, executable, &actions, &attributes, argv, envp)
      : posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
    guard code == 0 else {
      outPipe.map { close($0.read) }
      errPipe.map { close($0.read) }
      throw ProcessSpawnError(executable: executable, code: code)
    }
    pid = child
    stdout = outPipe?.read ?? -1
    stderr = errPipe?.read ?? -1
  }

  private static func redirect(
    _ descriptor: Int32, to output: Output, pipe: Int32?, in actions: inout posix_spawn_file_actions_t
  ) {
    switch output {
    case .pipe: if let pipe { posix_spawn_file_actions_adddup2(&actions, pipe, descriptor) }
    case .file(let path, let append):
      posix_spawn_file_actions_addopen(
        &actions, descriptor, path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o644)
    case .descriptor(let ours): posix_spawn_file_actions_adddup2(&actions, ours, descriptor)
    case .nullDevice: posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
    case .standardOutput: posix_spawn_file_actions_adddup2(&actions, 1, descriptor)
    }
  }

  /// Sends `signal` to the child alone, unless it was reaped (its PID may be another's now).
  public func signal(_ signal: Int32) {
    status.withLock { if $0 == nil { _ = kill(pid, signal) } }
  }

  /// Sends `signal` to every process in the child's group, and to the child itself in case it
  /// moved to a group of its own (`setsid`); nothing once it was reaped.
  public func signalGroup(_ signal: Int32) {
    status.withLock {
      guard $0 == nil else { return }
      kill(-pid, signal)
      kill(pid, signal)
    }
  }

  /// Whether the child has ended; it stays a zombie, its PID kept, until it is reaped.
  public var hasExited: Bool {
    if status.withLock({ $0 != nil }) { return true }
    var info = siginfo_t()
    let rc = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
    return rc == 0 && info._sifields._sigchld.si_pid == pid
  }

  /// Waits for the child to end and returns its `waitpid` status.
  @discardableResult
  public func reap() -> Int32 {
    // Waits without reaping and without the lock, so that signals can still be sent meanwhile;
    // the reaping itself then happens under the lock and at once.
    var info = siginfo_t()
    while status.withLock({ $0 == nil }), waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1, errno == EINTR {}
    return status.withLock { status in
      if let status { return status }
      var raw: Int32 = 0
      while waitpid(pid, &raw, 0) == -1, errno == EINTR {}
      status = raw
      return raw
    }
  }

  /// The child's `waitpid` status once it has ended (reaping it), nil while it runs.
  public func reapIfExited() -> Int32? {
    status.withLock { status in
      if status == nil {
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
      }
      return status
    }
  }

  /// Waits up to `limit` for the child to end: its `waitpid` status, or nil when it still runs.
  public func wait(within limit: Duration) -> Int32? {
    let deadline = ContinuousClock.now + limit
    while true {
      if let raw = reapIfExited() { return raw }
      if ContinuousClock.now >= deadline { return nil }
      usleep(2_000)
    }
  }

  public func closeStdout() {
    if stdout >= 0 { close(stdout) }
    stdout = -1
  }

  public func closeStderr() {
    if stderr >= 0 { close(stderr) }
    stderr = -1
  }
}
