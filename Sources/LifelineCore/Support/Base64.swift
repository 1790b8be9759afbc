/// Standard base64 (RFC 4648) with padding, for output that is not UTF-8.
public enum Base64 {
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    let length = (bytes.count + 2) / 3 * 4
    return String(unsafeUninitializedCapacity: length) { output in
      var index = 0
      var out = 0
      while index + 3 <= bytes.count {
        let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
        output[out] = alphabet[Int(value >> 18 & 63)]
        output[out + 1] = alphabet[Int(value >> 12 & 63)]
        output[out + 2] = alphabet[Int(value >> 6 & 63)]
        output[out + 3] = alphabet[Int(value & 63)]
        index += 3
        out += 4
      }
      let rest = bytes.count - index
      if rest > 0 {
        let value = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
        output[out] = alphabet[Int(value >> 18 & 63)]
        output[out + 1] = alphabet[Int(value >> 12 & 63)]
        output[out + 2] = rest == 2 ? alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "=")
        output[out + 3] = UInt8(ascii: "=")
        out += 4
      }
      return out
    }
  }

  public static func decode(_ text: String) -> [UInt8]? {
    var lookup = [UInt8: UInt32]()
    for (index, byte) in alphabet.enumerated() { lookup[byte] = UInt32(index) }
    let bytes = Array(text.utf8)
    guard bytes.count % 4 == 0 else { return nil }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count / 4 * 3)
    for start in stride(from: 0, to: bytes.count, by: 4) {
      let group = bytes[start..<start + 4]
      let padding = group.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
      guard padding <= 2, start + 4 == bytes.count || padding == 0 else { return nil }
      var value: UInt32 = 0
      for byte in group.prefix(4 - padding) {
        guard let sextet = lookup[byte] else { return nil }
        value = value << 6 | sextet
      }
      value <<= UInt32(6 * padding)
      output += [16, 8, 0].prefix(3 - padding).map { UInt8(truncatingIfNeeded: value >> $0) }
    }
    return output
  }
}
