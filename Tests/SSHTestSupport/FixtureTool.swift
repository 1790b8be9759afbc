import Foundation
import Glibc

/// Runs a helper program (ssh-keygen, ssh-add) to its end.
enum FixtureTool {
  /// Runs `executable` and returns what it printed; throws with that text when it fails.
  @discardableResult
  static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> String
  {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { throw SSHFixtureError("pipe: \(String(cString: strerror(errno)))") }
    let process: FixtureProcess
    do {
      process = try FixtureProcess(executable, arguments, environment: environment, output: ends[1])
    } catch {
      close(ends[0])
      close(ends[1])
      throw error
    }
    close(ends[1])
    let output = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true).readDataToEndOfFile()
    let text = String(decoding: output, as: UTF8.self)
    guard process.wait() == 0 else {
      throw SSHFixtureError("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
    }
    return text
  }

  /// Polls `condition` every 10 ms until it holds or `limit` passes.
  static func waitUntil(within limit: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
      if condition() { return true }
      usleep(10_000)
    }
    return condition()
  }
}
