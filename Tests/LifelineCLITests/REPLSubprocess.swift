import Foundation
import LifelineSystem

/// Runs a program to its end and collects what it printed, with LifelineSystem's
/// ``ChildProcess``, waited for by its own PID.
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
    let child: ChildProcess
    do {
      child = try ChildProcess(
        executable: arguments[0], arguments: arguments, input: inputFile ?? "/dev/null", grouping: .inherited)
    } catch {
      throw REPLTestError(error.description)
    }
    let (stdout, stderr) = readBoth(child)
    return Result(
      status: ProcessExitStatus.shellStatus(of: child.reap()), stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
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

  /// Reads the child's two pipes to their ends, whichever has something, so neither fills up.
  private static func readBoth(_ child: ChildProcess) -> ([UInt8], [UInt8]) {
    var collected: [[UInt8]] = [[], []]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while child.stdout >= 0 || child.stderr >= 0 {
      let open = [child.stdout, child.stderr]
      var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      guard poll(&descriptors, nfds_t(descriptors.count), -1) >= 0 || errno == EINTR else { break }
      for index in descriptors.indices where open[index] >= 0 && descriptors[index].revents != 0 {
        let count = buffer.withUnsafeMutableBytes { read(open[index], $0.baseAddress, $0.count) }
        if count > 0 {
          collected[index] += buffer[..<count]
        } else if count == 0 || errno != EINTR {
          if index == 0 { child.closeStdout() } else { child.closeStderr() }
        }
      }
    }
    child.closeStdout()
    child.closeStderr()
    return (collected[0], collected[1])
  }
}
