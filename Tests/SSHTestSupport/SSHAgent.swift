import Foundation
import Glibc

/// An ssh-agent of the test's own, on a socket in the fixture's directory.
public final class SSHAgent: @unchecked Sendable {
  public let socket: String
  private let process: FixtureProcess

  /// Starts an agent on `socket` holding `keys`; stop it with ``stop()``.
  public init(socket: String, keys: [SSHKeyPair]) throws {
    self.socket = socket
    process = try FixtureProcess("/usr/bin/ssh-agent", ["-D", "-a", socket])
    // The socket file appears when the agent binds it, a moment before it listens.
    guard FixtureTool.waitUntil(within: .seconds(10), { Self.accepts(socket) }) else {
      stop()
      throw SSHFixtureError("ssh-agent did not create \(socket)")
    }
    for key in keys {
      try FixtureTool.run("/usr/bin/ssh-add", ["-q", key.privateKeyFile], environment: ["SSH_AUTH_SOCK": socket])
    }
  }

  private static func accepts(_ path: String) -> Bool {
    let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard path.utf8.count < capacity else { return false }
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
      }
    }
  }

  /// Ends the agent by its PID.
  public func stop() {
    process.signal(SIGTERM)
    process.wait()
  }
}
