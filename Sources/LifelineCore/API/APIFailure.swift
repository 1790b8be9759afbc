/// Why an API request got no answer, in words an operator can act on.
public enum APIFailure: Error, Sendable, Hashable, CustomStringConvertible {
  /// The session has no working client: no `api` section, or the token cannot be read.
  case unavailable(String)
  /// Nothing says how to verify this server's certificate.
  case untrusted(server: String)
  /// The server presented a certificate other than the pinned one. Nothing was sent.
  case fingerprintMismatch(server: String, expected: String, presented: String)
  /// Certificate verification failed (against the CA file, or the key changed mid-way).
  case tls(server: String, detail: String)
  case connectionRefused(server: String, detail: String)
  /// No connection and TLS handshake within the connect timeout. Nothing was sent.
  case connectTimeout(server: String, limit: Duration)
  /// The request went out but no complete answer came back in time.
  case timeout(request: String, limit: Duration)
  /// The connection broke, or something other than an HTTPS server answered.
  case connectionLost(server: String, detail: String)
  case cancelled
  case other(String)

  public var description: String {
    switch self {
    case .unavailable(let reason):
      "the Proxmox API cannot be used: \(reason)"
    case .untrusted(let server):
      """
      no certificate trust for \(server): the inventory's api section names no fingerprint or ca_file for it, \
      and no fingerprint is recorded for it. Nothing was sent. Compare the server's certificate with \
      `pvenode cert info` on the node, then run: lifeline trust --api \(server)
      """
    case .fingerprintMismatch(let server, let expected, let presented):
      """
      TLS certificate fingerprint mismatch for \(server): expected \(expected) \
      but the server presented \(presented). Nothing was sent. Either the node's certificate was \
      reissued (rejoin, pvecm updatecerts, renewal) or someone is intercepting: compare with \
      `pvenode cert info` on the node's console, then update the inventory or run: lifeline trust --api \(server)
      """
    case .tls(let server, let detail):
      "TLS verification of \(server) failed: \(detail). Nothing was sent."
    case .connectionRefused(let server, let detail):
      "connection refused by \(server) (\(detail)): pveproxy is not running there, the port is wrong, or a firewall rejects it"
    case .connectTimeout(let server, let limit):
      "no TLS connection to \(server) within \(DurationText.format(limit)): the node is down or unreachable. Nothing was sent."
    case .timeout(let request, let limit):
      "no answer to \(request) within \(DurationText.format(limit))"
        + (request.hasPrefix("GET ")
          ? "" : "; the cluster may still carry the request out: check its state before repeating it")
    case .connectionLost(let server, let detail):
      "the connection to \(server) failed: \(detail)"
    case .cancelled:
      "cancelled by the operator"
    case .other(let message):
      message
    }
  }
}
