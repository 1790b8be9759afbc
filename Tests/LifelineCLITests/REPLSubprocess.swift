import Foundation

/// Runs a program to its end and collects what it printed, with posix_spawn and waitpid.
///
/// Foundation's `Process.waitUntilExit` can hang on Linux when several tests wait at once,
/// which is what parallel tests do.
enum REPLSubprocess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// - Parameters:
  ///   - arguments: the program (looked up in `PATH`) and its arguments.
  ///   - input: its stdin, from a file (a program that stops reading early cannot make a
  ///     pipe write fail); nil gives it `/dev/null`.
  static func run(_ arguments: [String], input: String? = nil) throws -> Result {
    let inputFile = try input.map { try temporaryFile(holding: $0) }
    defer { inputFile.map { _ = unlink($0) } }
    let (pid, outputEnd, errorEnd) = try spawn(arguments, input: inputFile ?? "/dev/null")
    let (stdout, stderr) = readBoth(outputEnd, errorEnd)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Result(
      status: exitStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Tests run in parallel: a pipe created while another test spawns its child must not
  /// leak into that child, or each would wait for the other's end of file.
  private static let spawning = NSLock()

  /// Starts the program with `input` on its stdin and pipes on its stdout and stderr;
  /// returns its pid and the parent's ends of the two pipes.
  private static func spawn(_ arguments: [String], input: String) throws -> (pid_t, Int32, Int32) {
    spawning.lock()
    defer { spawning.unlock() }
    var outputPipe: [Int32] = [-1, -1]
    var errorPipe: [Int32] = [-1, -1]
    guard pipe(&outputPipe) == 0, pipe(&errorPipe) == 0 else {
      throw REPLTestError("pipe failed: \(String(cString: strerror(errno)))")
    }
    for descriptor in outputPipe + errorPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)

    // A test runs on a thread that blocks most signals, and a child inherits that mask:
    // a tmux server started so would ignore the SIGTERM of `kill-server`.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var pid: pid_t = 0
    let cArguments = arguments.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, cArguments, environ)
    close(outputPipe[1])
    close(errorPipe[1])
    guard spawned == 0 else {
      [outputPipe[0], errorPipe[0]].forEach { close($0) }
      throw REPLTestError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
    }
    return (pid, outputPipe[0], errorPipe[0])
  }

  private static func temporaryFile(holding text: String) throws -> String {
    var template = Array("/tmp/lifeline-repl-input.XXXXXX".utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else { throw REPLTestError("mkstemp failed: \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    let bytes = Array(text.utf8)
    guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
      throw REPLTestError("cannot write the input file")
    }
    return String(cString: template)
  }

  /// Reads two descriptors to their ends, whichever has something, so neither pipe fills up.
  private static func readBoth(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
    var collected: [[UInt8]] = [[], []]
    var open = [first, second]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while open.contains(where: { $0 >= 0 }) {
      var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      guard poll(&descriptors, nfds_t(descriptors.count), -1) >= 0 || errno == EINTR else { break }
      for index in descriptors.indices where open[index] >= 0 && descriptors[index].revents != 0 {
        let count = buffer.withUnsafeMutableBytes { read(open[index], $0.baseAddress, $0.count) }
        if count > 0 {
          collected[index] += buffer[..<count]
        } else if count == 0 || errno != EINTR {
          close(open[index])
          open[index] = -1
        }
      }
    }
    return (collected[0], collected[1])
  }
}
