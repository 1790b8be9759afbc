/// Sends Proxmox VE API requests: the HTTPS adapter (libcurl) implements it; tests script it.
///
/// The client adds the token header and verifies the server's certificate under
/// `request.trust` (or the fingerprints recorded by `lifeline trust --api` when it is nil);
/// it never sends a request to a server it cannot verify. ``APIExecutor`` turns what comes
/// back into a step's output and exit status.
public protocol APIClient: Sendable {
  /// Sends one request and returns the server's answer, whatever its status.
  ///
  /// Blocking work belongs on a thread of its own, never on Swift's cooperative pool.
  /// Cancelling the calling task abandons the exchange and throws ``APIFailure/cancelled``.
  func send(_ request: APIRequest) async throws(APIFailure) -> APIResponse
}

/// What the server answered.
public struct APIResponse: Sendable, Hashable {
  public var status: Int
  /// The status line's reason phrase; Proxmox puts its error message there
  /// (`cluster not ready - no quorum?`).
  public var reason: String
  public var body: [UInt8]

  public init(status: Int, reason: String, body: [UInt8]) {
    self.status = status
    self.reason = reason
    self.body = body
  }
}

/// A client for sessions that cannot call the API: every request fails with the reason,
/// so runbooks without API steps still run and API steps say what is missing.
public struct UnavailableAPIClient: APIClient {
  public var reason: String

  public init(reason: String) { self.reason = reason }

  public func send(_ request: APIRequest) async throws(APIFailure) -> APIResponse {
    throw .unavailable(reason)
  }
}
