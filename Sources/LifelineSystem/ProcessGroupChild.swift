import Foundation
import Glibc

/// A child process that leads a process group of its own, with stdout and stderr on two pipes
/// and stdin on `/dev/null` (or a file).
///
/// The group lets a timeout or a cancel stop everything the command started, pipelines and
/// background jobs included. The leader is only reaped at the very end (``reap()``), so its
/// process ID, which is also the group's ID, cannot be reused while signals are still sent to it.
///
/// Unchecked `Sendable`: it is created on one thread and from then on used only by the one
/// thread that watches it.
final class ProcessGroupChild: @unchecked Sendable {
  let pid: pid_t
  private(set) var stdout: Int32
  private(set) var stderr: Int32

  /// Starts `executable` with `arguments` (the first is argv[0]) in the current environment,
  /// with `environment` added. `newSession` starts it without a controlling terminal
  /// (`setsid`), so that a tool cannot prompt on the operator's terminal.
  init(
    executable: String, arguments: [String], input: String = "/dev/null", environment extra: [String: String] = [:],
    newSession: Bool = false
  ) throws(ProcessSpawnError) {
    guard let outPipe = ProcessGlibcExtensions.makeCloseOnExecPipe() else {
      throw ProcessSpawnError(executable: executable, code: errno)
    }
    guard let errPipe = ProcessGlibcExtensions.makeCloseOnExecPipe() else {
      let code = errno
      close(outPipe.read)
      close(outPipe.write)
      throw ProcessSpawnError(executable: executable, code: code)
    }
    defer {
      close(outPipe.write)
      close(errPipe.write)
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe.write, 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe.write, 2)
    _ = ProcessGlibcExtensions.closeDescriptors(from: 3, in: &actions)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setpgroup(&attributes, 0)
    // The command gets default signal handling and no blocked signals, whatever this process
    // ignores or blocks (an ignored SIGPIPE would otherwise break `yes | head`).
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var everySignal = sigset_t()
    sigfillset(&everySignal)
    sigdelset(&everySignal, SIGKILL)
    sigdelset(&everySignal, SIGSTOP)
    posix_spawnattr_setsigdefault(&attributes, &everySignal)
    // A new session also makes the child the leader of a new process group.
    let grouping = newSession ? ProcessGlibcExtensions.spawnNewSession : Int32(POSIX_SPAWN_SETPGROUP)
    posix_spawnattr_setflags(&attributes, Int16(grouping | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = arguments.map { strdup($0) } + [nil]
    let environment =
      ProcessInfo.processInfo.environment.merging(extra) { $1 }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      environment.forEach { free($0) }
    }

    var child: pid_t = 0
    let code = posix_spawn(&child, executable, &actions, &attributes, argv, environment)
    guard code == 0 else {
      close(outPipe.read)
      close(errPipe.read)
      throw ProcessSpawnError(executable: executable, code: code)
    }
    pid = child
    stdout = outPipe.read
    stderr = errPipe.read
  }

  /// Sends `signal` to every process in the group, and to the leader itself in case it moved
  /// to a group of its own (`setsid`).
  func signalGroup(_ signal: Int32) {
    kill(-pid, signal)
    kill(pid, signal)
  }

  /// Whether the leader has ended; it stays a zombie until ``reap()``.
  var hasExited: Bool {
    var info = siginfo_t()
    let rc = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
    return rc == 0 && info._sifields._sigchld.si_pid == pid
  }

  /// Waits for the leader to end and returns its `waitpid` status.
  func reap() -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    return status
  }

  func closeStdout() {
    if stdout >= 0 { close(stdout) }
    stdout = -1
  }

  func closeStderr() {
    if stderr >= 0 { close(stderr) }
    stderr = -1
  }
}
