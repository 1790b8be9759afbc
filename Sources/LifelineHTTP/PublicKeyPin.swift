import Foundation
import LifelineCore

/// The public-key pin libcurl enforces (`CURLOPT_PINNEDPUBLICKEY`): the SHA-256 of the
/// certificate's SubjectPublicKeyInfo, not of the whole certificate that Proxmox shows.
enum PublicKeyPin {
  /// `sha256//BASE64`, or nil when the certificate cannot be read.
  static func of(der: [UInt8]) -> String? {
    guard let info = subjectPublicKeyInfo(der) else { return nil }
    return "sha256//" + Data(SHA256.digest(info)).base64EncodedString()
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
