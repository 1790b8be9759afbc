/// Percent-encoding (RFC 3986) for the values a runbook substitutes into API paths and forms.
public enum PercentEncoding {
  /// A value inside one path segment: everything but unreserved characters, `:` and `@` is
  /// encoded, so `vm:100` stays readable and `/`, `?`, `#` or `..` cannot change the path.
  public static func pathSegment(_ value: String) -> String {
    let encoded = encode(value) { isUnreserved($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") }
    // A segment that is only dots would climb the path; its dots are encoded too.
    return encoded.allSatisfy { $0 == "." } && !encoded.isEmpty
      ? String(repeating: "%2E", count: encoded.count) : encoded
  }

  /// A trusted value (`{{ value | raw }}`) that may span segments: `/` is kept as well.
  public static func path(_ value: String) -> String {
    encode(value) {
      isUnreserved($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "/")
    }
  }

  /// A name or value of `application/x-www-form-urlencoded` data (also used for queries).
  public static func formComponent(_ value: String) -> String {
    encode(value, keeping: isUnreserved)
  }

  /// `name=value&…`, in the given order.
  public static func form(_ fields: [(String, String)]) -> String {
    fields.map { formComponent($0.0) + "=" + formComponent($0.1) }.joined(separator: "&")
  }

  private static func encode(_ value: String, keeping: (UInt8) -> Bool) -> String {
    var output = ""
    for byte in value.utf8 {
      if keeping(byte) {
        output.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        output += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
      }
    }
    return output
  }

  private static let hexDigits = "0123456789ABCDEF".map(String.init)

  private static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
      UInt8(ascii: "~"):
      true
    default: false
    }
  }
}
