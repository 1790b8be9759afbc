import Foundation

/// SHA-256 fingerprints of X.509 certificates, written as Proxmox writes them.
///
/// Pure, so the inventory loader can check and normalise the fingerprints people paste, the
/// lab can compute the one of its own certificates, and the HTTPS adapter can compare.
public enum CertificateFingerprint {
  /// `AB:CD:…`, upper-case pairs separated by colons, as Proxmox's web UI and
  /// `pvenode cert info` print it.
  public static func of(der: [UInt8]) -> String {
    format(SHA256.digest(der))
  }

  /// The hex digits only, upper case: the fingerprint written any way people paste it.
  public static func normalized(_ text: String) -> String {
    text.uppercased().filter { $0.isHexDigit }
  }

  public static func matches(_ a: String, _ b: String) -> Bool { normalized(a) == normalized(b) }

  /// The canonical `AB:CD:…` form of a pasted SHA-256 fingerprint (any case, with or without
  /// colons), or nil when it is not 32 bytes of hex.
  public static func canonical(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let allowed = trimmed.allSatisfy { $0.isHexDigit || $0 == ":" }
    let digits = normalized(trimmed)
    guard allowed, digits.count == 64 else { return nil }
    var pairs: [Substring] = []
    var index = digits.startIndex
    while index < digits.endIndex {
      let next = digits.index(index, offsetBy: 2)
      pairs.append(digits[index..<next])
      index = next
    }
    return pairs.joined(separator: ":")
  }

  /// The DER bytes of a PEM certificate (the first one, when the text holds several).
  public static func der(fromPEM pem: String) -> [UInt8]? {
    var body = ""
    var inside = false
    for line in pem.split(whereSeparator: \.isNewline) {
      let text = line.trimmingCharacters(in: .whitespaces)
      if text.hasPrefix("-----BEGIN") {
        inside = true
      } else if text.hasPrefix("-----END") {
        if inside { break }
      } else if inside || !pem.contains("-----BEGIN") {
        body += text
      }
    }
    return body.isEmpty ? nil : Data(base64Encoded: body).map { [UInt8]($0) }
  }

  static func format(_ digest: [UInt8]) -> String {
    digest.map { byte in
      let hex = String(byte, radix: 16, uppercase: true)
      return hex.count == 1 ? "0" + hex : hex
    }.joined(separator: ":")
  }
}
