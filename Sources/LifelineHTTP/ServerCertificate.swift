import LifelineCore

/// The certificate a server presented, with what an operator compares before trusting it.
public struct ServerCertificate: Sendable, Hashable {
  public var der: [UInt8]
  public var subject: String
  public var issuer: String
  /// The end of validity as libcurl prints it (`2026-11-06 17:35:00 GMT`).
  public var expires: String

  /// `AB:CD:…`, as Proxmox's web UI and `pvenode cert info` show it.
  public var fingerprint: String { CertificateFingerprint.of(der: der) }

  /// Reads libcurl's certinfo lines (`Subject:…`, `Cert:-----BEGIN…`) for one certificate.
  init?(certinfo lines: [String]) {
    var fields: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
    }
    guard let pem = fields["Cert"], let der = CertificateFingerprint.der(fromPEM: pem) else { return nil }
    self.der = der
    self.subject = fields["Subject"] ?? ""
    self.issuer = fields["Issuer"] ?? ""
    self.expires = fields["Expire date"] ?? ""
  }
}
