import Foundation

/// Caps the SSH handshakes in flight to one address.
///
/// sshd drops new unauthenticated connections at random once `MaxStartups` of them are pending
/// (default `10:30:100`, which Proxmox VE keeps). Several inventory nodes can name the same
/// address, and a trust scan may run beside a command, so the cap is per address, not per node.
///
/// The cap is well below 10 because sshd's listener learns that a connection has authenticated
/// only a moment later, from the session's process: on a busy two-core machine, 48 logins to one
/// server with a cap of 8 still had one or two dropped now and then; with 4, none.
final class HandshakeLimiter: @unchecked Sendable {
  static let shared = HandshakeLimiter(limit: 4)

  private let limit: Int
  private let condition = NSCondition()
  private var inFlight: [String: Int] = [:]

  init(limit: Int) {
    self.limit = limit
  }

  /// Runs `handshake` once fewer than `limit` others to `address` are running; blocks until then.
  func withPermit<Result, Failure: Error>(
    for address: String, _ handshake: () throws(Failure) -> Result
  ) throws(Failure) -> Result {
    condition.lock()
    while inFlight[address, default: 0] >= limit { condition.wait() }
    inFlight[address, default: 0] += 1
    condition.unlock()
    defer {
      condition.lock()
      inFlight[address, default: 1] -= 1
      if inFlight[address] == 0 { inFlight[address] = nil }
      condition.broadcast()
      condition.unlock()
    }
    return try handshake()
  }
}
