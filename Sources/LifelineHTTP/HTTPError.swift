/// Why a request failed before an HTTP status came back, in words an operator can act on.
public enum HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
  case connectionRefused(String)
  /// No connection and TLS handshake within the connect timeout: nothing was sent.
  case connectTimeout(String)
  /// The connection was up, but no complete answer came in time.
  case timeout(String)
  case fingerprintMismatch(expected: String, actual: String)
  case tlsFailure(String)
  /// The connection broke, or the peer spoke no HTTPS.
  case connectionLost(String)
  case cancelled
  case other(String)

  public var description: String {
    switch self {
    case .connectionRefused(let detail): "connection refused: \(detail)"
    case .connectTimeout(let detail): "no connection in time: \(detail)"
    case .timeout(let detail): "timed out: \(detail)"
    case .fingerprintMismatch(let expected, let actual):
      """
      TLS certificate fingerprint mismatch: expected \(expected)
        but the server presented \(actual).
        Either the node's certificate was reissued (rejoin, pvecm updatecerts, renewal) or someone is intercepting.
        Nothing was sent. Compare with `pvenode cert info` on the node, then run: lifeline trust --api
      """
    case .tlsFailure(let detail): "TLS verification failed: \(detail)"
    case .connectionLost(let detail): "connection failed: \(detail)"
    case .cancelled: "cancelled"
    case .other(let detail): detail
    }
  }
}
