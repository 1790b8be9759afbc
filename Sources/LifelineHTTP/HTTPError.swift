/// Why a request failed before an HTTP status came back, in words an operator can act on.
public enum HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
  case connectionRefused(String)
  case timeout(String)
  case fingerprintMismatch(expected: String, actual: String)
  case tlsFailure(String)
  case other(String)

  public var description: String {
    switch self {
    case .connectionRefused(let detail): "connection refused: \(detail)"
    case .timeout(let detail): "timed out: \(detail)"
    case .fingerprintMismatch(let expected, let actual):
      """
      TLS certificate fingerprint mismatch: expected \(expected)
        but the server presented \(actual).
        Either the node's certificate was reissued (rejoin, pvecm updatecerts, renewal) or someone is intercepting.
        Nothing was sent. Compare with `pvenode cert info` on the node, then run: lifeline trust --api
      """
    case .tlsFailure(let detail): "TLS verification failed: \(detail)"
    case .other(let detail): detail
    }
  }
}
