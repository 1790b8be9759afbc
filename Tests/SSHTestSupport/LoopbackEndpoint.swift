import Glibc

/// A TCP address on the loopback network (127.0.0.0/8).
public struct LoopbackEndpoint: Sendable, Hashable, CustomStringConvertible {
  public var host: String
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  public var description: String { "\(host):\(port)" }

  /// A socket bound to a free port on `host`, close-on-exec so no spawned sshd inherits it.
  /// With `listen`, the kernel completes every TCP handshake on it, yet nothing is ever read or
  /// written: a server that never sends its banner. Without, every connection is refused.
  public static func bind(host: String, listen: Bool) throws -> (endpoint: LoopbackEndpoint, socket: Int32) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw SSHFixtureError("socket: \(String(cString: strerror(errno)))") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
      close(descriptor)
      throw SSHFixtureError("not an IPv4 address: \(host)")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        Glibc.bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
      }
    }
    guard bound, !listen || Glibc.listen(descriptor, 64) == 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw SSHFixtureError("cannot bind \(host): \(reason)")
    }
    return (LoopbackEndpoint(host: host, port: Int(UInt16(bigEndian: address.sin_port))), descriptor)
  }

  /// A port on `host` that is free right now, for a server to bind next.
  static func freePort(on host: String) throws -> Int {
    let (endpoint, descriptor) = try bind(host: host, listen: false)
    close(descriptor)
    return endpoint.port
  }
}
