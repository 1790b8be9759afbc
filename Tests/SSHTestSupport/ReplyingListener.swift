import Foundation
import Glibc

/// A TCP listener on loopback that answers every connection with fixed bytes: a server that
/// speaks another protocol (it then waits until the client hangs up), or, with no reply, one
/// that closes at once.
public final class ReplyingListener: @unchecked Sendable {
  public let endpoint: LoopbackEndpoint
  private let socket: Int32
  private let thread: Thread

  /// Starts listening; `reply` may be empty, for a server that closes without a word.
  public init(host: String = "127.0.0.1", reply: [UInt8]) throws {
    let (endpoint, socket) = try LoopbackEndpoint.bind(host: host, listen: true)
    self.endpoint = endpoint
    self.socket = socket
    thread = Thread {
      while true {
        let client = accept(socket, nil, nil)
        guard client >= 0 else { return }
        if !reply.isEmpty {
          _ = reply.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
          var buffer = [UInt8](repeating: 0, count: 4096)
          while buffer.withUnsafeMutableBytes({ read(client, $0.baseAddress, $0.count) }) > 0 {}
        }
        close(client)
      }
    }
    thread.start()
  }

  /// Stops accepting: the blocked `accept` returns once the socket is shut down.
  public func stop() {
    shutdown(socket, Int32(SHUT_RDWR))
    close(socket)
  }
}
