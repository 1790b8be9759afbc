import LifelineCore

/// SHA-256 fingerprints of X.509 certificates, and the public-key pin libcurl enforces.
///
/// Proxmox shows the certificate's fingerprint (`AB:CD:…`); libcurl can only pin the hash
/// of the certificate's SubjectPublicKeyInfo. This reads the DER certificate to get both.
public enum CertificateFingerprint {
  /// `AB:CD:…`, upper-case pairs separated by colons, as Proxmox prints it.
  public static func of(der: [UInt8]) -> String {
    var hasher = SHA256()
    hasher.update(der)
    return format(hasher.finalize())
  }

  /// The same fingerprint written any way people paste it (lower case, no colons).
  public static func normalized(_ text: String) -> String {
    text.uppercased().filter { $0.isHexDigit }
  }

  public static func matches(_ a: String, _ b: String) -> Bool { normalized(a) == normalized(b) }

  /// `sha256//BASE64` of the SubjectPublicKeyInfo, for CURLOPT_PINNEDPUBLICKEY.
  public static func publicKeyPin(der: [UInt8]) -> String? {
    guard let info = subjectPublicKeyInfo(der) else { return nil }
    var hasher = SHA256()
    hasher.update(info)
    return "sha256//" + Base64.encode(hasher.finalize())
  }

  /// The DER bytes of a PEM certificate.
  public static func der(fromPEM pem: String) -> [UInt8]? {
    let body = pem.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.hasPrefix("-----") && !$0.isEmpty }.joined()
    return Base64.decode(body)
  }

  static func format(_ digest: [UInt8]) -> String {
    digest.map { byte in
      let hex = String(byte, radix: 16, uppercase: true)
      return hex.count == 1 ? "0" + hex : hex
    }.joined(separator: ":")
  }

  /// Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serial,
  /// signature, issuer, validity, subject, subjectPublicKeyInfo, … }, … }
  static func subjectPublicKeyInfo(_ der: [UInt8]) -> [UInt8]? {
    guard let certificate = DERElement.read(der, at: 0), certificate.tag == 0x30,
      let tbs = DERElement.read(der, at: certificate.contentStart), tbs.tag == 0x30
    else { return nil }
    var offset = tbs.contentStart
    var index = 0
    while offset < tbs.end, let element = DERElement.read(der, at: offset) {
      if index == 0, element.tag == 0xA0 {
        offset = element.end
        continue
      }
      if index == 5 { return element.tag == 0x30 ? Array(der[element.start..<element.end]) : nil }
      index += 1
      offset = element.end
    }
    return nil
  }
}

/// One DER tag-length-value element's bounds.
struct DERElement {
  var tag: UInt8
  var start: Int
  var contentStart: Int
  var end: Int

  static func read(_ bytes: [UInt8], at start: Int) -> DERElement? {
    guard start + 2 <= bytes.count else { return nil }
    let tag = bytes[start]
    var length = Int(bytes[start + 1])
    var contentStart = start + 2
    if length & 0x80 != 0 {
      let count = length & 0x7F
      guard count >= 1, count <= 4, contentStart + count <= bytes.count else { return nil }
      length = bytes[contentStart..<contentStart + count].reduce(0) { $0 << 8 | Int($1) }
      contentStart += count
    }
    guard contentStart + length <= bytes.count else { return nil }
    return DERElement(tag: tag, start: start, contentStart: contentStart, end: contentStart + length)
  }
}
