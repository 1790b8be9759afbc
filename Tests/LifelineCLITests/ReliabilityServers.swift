import Foundation
import Glibc
import SSHTestSupport

/// What the fixture's servers see, and the faults the suite injects into them.
extension SSHServerFixture {
  /// Stops a node's sshd and every process below it (its connections and the commands they
  /// run) with SIGSTOP: TCP still connects, but nothing answers, as when a node hangs.
  /// Returns the PIDs stopped, for ``thaw(_:)``.
  func freeze(_ name: String) -> [pid_t] {
    guard let daemon = pid(of: name) else { return [] }
    kill(daemon, SIGSTOP)
    var stopped = [daemon]
    // Stop the tree again until it no longer grows: a connection may fork while we walk it.
    for _ in 0..<3 {
      for child in ProcessTree.descendants(of: daemon) where !stopped.contains(child) {
        kill(child, SIGSTOP)
        stopped.append(child)
      }
    }
    return stopped
  }

  /// Lets frozen processes run again (those still alive).
  func thaw(_ pids: [pid_t]) {
    for pid in pids.reversed() { kill(pid, SIGCONT) }
  }

  /// The processes below a node's sshd: one per open connection, plus the shells and commands
  /// they run. Empty when the node is quiet.
  func sessionProcesses(of name: String) -> [pid_t] {
    guard let daemon = pid(of: name) else { return [] }
    return ProcessTree.descendants(of: daemon)
  }

  /// ESTABLISHED TCP connections to any of the fixture's sshd ports, from either end, as
  /// `/proc/net/tcp` lists them.
  func establishedConnections() -> [String] {
    let endpoints = Set(servers.map { "\($0.host):\($0.port)" })
    return ReliabilitySockets.established().filter { endpoints.contains($0.local) || endpoints.contains($0.remote) }
      .map { "\($0.local) ↔ \($0.remote)" }
  }

  /// Waits until no connection to the fixture is open and no session runs on the nodes in
  /// `nodes` (default: all); returns what is left when that does not happen within the limit.
  func leftovers(nodes: [String]? = nil, within limit: Duration = .seconds(30)) -> [String] {
    let names = nodes ?? servers.map(\.name)
    var found: [String] = []
    _ = Reliability.waitUntil(within: limit) {
      found = establishedConnections().map { "connection \($0)" }
      for name in names {
        found += sessionProcesses(of: name).map { "\(name): process \($0) \(Self.commandLine(of: $0))" }
      }
      return found.isEmpty
    }
    return found
  }

  static func commandLine(of pid: pid_t) -> String {
    guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "(gone)" }
    return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
  }
}

/// IPv4 TCP sockets from `/proc/net/tcp`.
enum ReliabilitySockets {
  struct Socket {
    var local: String
    var remote: String
  }

  /// Sockets in state 01 (ESTABLISHED).
  static func established() -> [Socket] {
    guard let text = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { return [] }
    return text.split(separator: "\n").dropFirst().compactMap { line in
      let fields = line.split(separator: " ")
      guard fields.count > 3, fields[3] == "01", let local = address(fields[1]), let remote = address(fields[2])
      else { return nil }
      return Socket(local: local, remote: remote)
    }
  }

  /// `0200007F:1F90` → `127.0.0.2:8080` (the address in host byte order, little-endian here).
  static func address(_ field: Substring) -> String? {
    let parts = field.split(separator: ":")
    guard parts.count == 2, let ip = UInt32(parts[0], radix: 16), let port = Int(parts[1], radix: 16) else {
      return nil
    }
    let bytes = [ip & 0xff, (ip >> 8) & 0xff, (ip >> 16) & 0xff, ip >> 24]
    return bytes.map(String.init).joined(separator: ".") + ":\(port)"
  }
}
