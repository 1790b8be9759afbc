import Foundation

/// One running `sshd -D`, started and stopped by its own PID.
final class SSHDaemon {
  private let process: FixtureProcess

  /// Starts sshd on `server`'s config and waits until it listens. sshd insists on an absolute
  /// path for itself (it re-executes itself per connection).
  init(_ server: SSHServer) throws {
    let logStart = (try? FileManager.default.attributesOfItem(atPath: server.logFile)[.size] as? Int) ?? 0
    process = try FixtureProcess("/usr/sbin/sshd", ["-D", "-f", server.configFile, "-E", server.logFile])
    let listening = "Server listening on \(server.host) port \(server.port)."
    let ready = FixtureTool.waitUntil {
      !process.isRunning || Self.log(server.logFile, from: logStart).contains(listening)
    }
    guard ready, process.isRunning else {
      stop(signal: SIGKILL)
      throw SSHFixtureError(
        "sshd for \(server.name) did not start on \(server.endpoint): \(Self.log(server.logFile, from: logStart))")
    }
  }

  var pid: pid_t { process.pid }

  /// Sends `signal` to sshd and to every process below it (its connections, their shells and
  /// commands), then waits for sshd to end. SIGKILL is a crash: clients see their connection drop.
  func stop(signal: Int32) {
    let below = ProcessTree.descendants(of: pid)
    process.signal(signal)
    for process in below { kill(process, SIGKILL) }
    process.wait()
  }

  private static func log(_ file: String, from offset: Int) -> String {
    guard let data = FileManager.default.contents(atPath: file), data.count >= offset else { return "" }
    return String(decoding: data[offset...], as: UTF8.self)
  }
}
