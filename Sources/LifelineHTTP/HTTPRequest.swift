import LifelineCore

/// One HTTPS request to a Proxmox API endpoint.
public struct HTTPRequest: Sendable, Hashable {
  /// The core's method type: one list of the methods Lifeline sends.
  public var method: APIMethod
  public var url: String
  /// Header lines as `Name: value`. They may hold secrets: never log them.
  public var headers: [String]
  /// A form-encoded body (`key=value&…`), as Proxmox's API takes for POST and PUT.
  public var body: String?
  public var connectTimeout: Duration
  public var timeout: Duration
  /// How failures name this request: `GET /cluster/status`; `METHOD URL` unless given.
  public var name: String

  public init(
    method: APIMethod, url: String, headers: [String] = [], body: String? = nil,
    connectTimeout: Duration = .seconds(10),
    timeout: Duration = .seconds(30), name: String? = nil
  ) {
    self.method = method
    self.url = url
    self.name = name ?? "\(method.rawValue) \(url)"
    self.headers = headers
    self.body = body
    self.connectTimeout = connectTimeout
    self.timeout = timeout
  }

  /// The server the request goes to, `https://HOST:PORT`, as failures name it.
  public var server: String { APIAddress.origin(of: url) }
}

/// How the server's certificate is trusted. TLS verification is never switched off silently:
/// one of these is always in force.
public enum TLSTrust: Sendable, Hashable {
  /// The SHA-256 fingerprint of the server's certificate, as Proxmox's web UI shows it
  /// (`AB:CD:…`). The certificate is fetched and compared before any request is sent, and its
  /// public key is then pinned for the request itself.
  case fingerprint(String)
  /// A CA file (for example the cluster CA, `/etc/pve/pve-root-ca.pem`), with full
  /// verification including the host name.
  case caFile(String)
  /// The system's CA store, with full verification.
  case system
}
