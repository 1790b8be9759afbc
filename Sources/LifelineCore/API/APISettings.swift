/// The inventory's `api` section: where the cluster's Proxmox VE API answers, which token
/// to use, and how its certificate is trusted (docs/api.md).
public struct APISettings: Sendable, Hashable {
  /// `https://HOST:8006`, without a path: the API that steps use unless `on:` names a node.
  public var url: String
  /// `USER@REALM!TOKENID`, as `pveum user token add` creates it.
  public var tokenID: String
  /// Where the token's secret is read from; the inventory never holds the secret itself.
  public var tokenSecret: APITokenSource
  /// The SHA-256 fingerprint of the certificate `url` presents, in canonical `AB:CD:…` form.
  public var fingerprint: String?
  /// A CA file that signs every node's certificate (the cluster CA, `/etc/pve/pve-root-ca.pem`).
  public var caFile: String?
  /// How long a connection and its TLS handshake may take.
  public var connectTimeout: Duration
  public var location: SourceLocation?

  public static let standardConnectTimeout: Duration = .seconds(10)
  /// The port pveproxy listens on, used for nodes that name no `api_url`.
  public static let standardPort = 8006

  public init(
    url: String, tokenID: String, tokenSecret: APITokenSource, fingerprint: String? = nil, caFile: String? = nil,
    connectTimeout: Duration = APISettings.standardConnectTimeout, location: SourceLocation? = nil
  ) {
    self.url = url
    self.tokenID = tokenID
    self.tokenSecret = tokenSecret
    self.fingerprint = fingerprint
    self.caFile = caFile
    self.connectTimeout = connectTimeout
    self.location = location
  }
}

/// Where an API token's secret comes from.
public enum APITokenSource: Sendable, Hashable, CustomStringConvertible {
  /// A file holding only the secret (a UUID); `~` is expanded by the adapter.
  case file(String)
  /// An environment variable holding the secret.
  case environment(String)

  public var description: String {
    switch self {
    case .file(let path): "token_file \(path)"
    case .environment(let name): "token_env \(name)"
    }
  }
}

/// How the certificate of one API address is verified. There is no "insecure" case: an
/// address with no trust at all is refused until the operator records its fingerprint.
public enum APITrust: Sendable, Hashable {
  /// The certificate's SHA-256 fingerprint, `AB:CD:…`.
  case fingerprint(String)
  /// A CA file, with full verification including the host name.
  case caFile(String)
}
