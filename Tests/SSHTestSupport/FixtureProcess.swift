import Foundation
import Glibc

/// A helper program the fixture starts with `posix_spawn` and waits for by its own PID.
///
/// Not Foundation's `Process`: that one notices a child's end through a socket the child
/// inherits, and sshd closes every inherited descriptor as it starts. Foundation then takes sshd
/// for ended and blocks its one monitoring thread in `waitpid` until sshd really ends, which
/// stalls every other `Process` of the test run.
final class FixtureProcess {
  let pid: pid_t
  private var status: Int32?

  /// Starts `executable` with stdin on /dev/null, and stdout and stderr on `output` (a pipe's
  /// write end) or /dev/null. Extra `environment` entries override the inherited ones.
  init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], output: Int32? = nil)
    throws
  {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    if let output {
      posix_spawn_file_actions_adddup2(&actions, output, 1)
      posix_spawn_file_actions_adddup2(&actions, output, 2)
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    Self.closeInheritedDescriptors(&actions)

    // Threads of Swift's pool block most signals, and a spawned child inherits the mask: an
    // ssh-agent started from one would never see the SIGTERM that stops it.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var caughtSignals = sigset_t()
    sigfillset(&caughtSignals)
    sigdelset(&caughtSignals, SIGKILL)
    sigdelset(&caughtSignals, SIGSTOP)
    posix_spawnattr_setsigdefault(&attributes, &caughtSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let code = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    guard code == 0 else { throw SSHFixtureError("cannot start \(executable): \(String(cString: strerror(code)))") }
    pid = child
  }

  deinit {
    if status == nil {
      kill(pid, SIGKILL)
      wait()
    }
  }

  var isRunning: Bool {
    guard status == nil else { return false }
    var raw: Int32 = 0
    if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
    return status == nil
  }

  func signal(_ signal: Int32) {
    if status == nil { kill(pid, signal) }
  }

  /// Waits for the program to end; its exit status, or 128 + the signal that ended it.
  @discardableResult
  func wait() -> Int32 {
    if status == nil {
      var raw: Int32 = 0
      while waitpid(pid, &raw, 0) == -1, errno == EINTR {}
      status = raw
    }
    let raw = status ?? 0
    return raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
  }

  /// Keeps descriptors of the test process (connections, pipes of other tests) out of
  /// long-lived helpers. `posix_spawn_file_actions_addclosefrom_np` is a glibc 2.34 extension
  /// that Swift's Glibc module does not declare, hence the lookup by name.
  private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
  }
}
