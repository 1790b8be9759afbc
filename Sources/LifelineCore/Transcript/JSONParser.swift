/// A small strict JSON parser (RFC 8259) that keeps object keys in order and integers exact.
///
/// Kept instead of Foundation's `JSONSerialization` for a measured reason: that returns
/// `NSDictionary`, which loses the order of keys that the report, the replay and `json`
/// checks rely on, and numbers as `NSNumber`, which blurs `1` and `1.0`. Strings are copied
/// in runs and validated once, so reading a transcript line costs a few passes over it.
///
/// It reads `bytes` in place, so it lives only as long as the buffer (``JSONValue/parse(_:)``).
struct JSONParser {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  private var depth = 0
  private static let maximumDepth = 256

  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  mutating func parseDocument() -> JSONValue? {
    guard let value = parseValue() else { return nil }
    skipWhitespace()
    return index == bytes.count ? value : nil
  }

  private mutating func parseValue() -> JSONValue? {
    skipWhitespace()
    guard index < bytes.count else { return nil }
    switch bytes[index] {
    case UInt8(ascii: "{"): return parseObject()
    case UInt8(ascii: "["): return parseArray()
    case UInt8(ascii: "\""): return parseString().map(JSONValue.string)
    case UInt8(ascii: "t"): return literal("true", .bool(true))
    case UInt8(ascii: "f"): return literal("false", .bool(false))
    case UInt8(ascii: "n"): return literal("null", .null)
    default: return parseNumber()
    }
  }

  private mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
    let word = Array(word.utf8)
    guard index + word.count <= bytes.count, Array(bytes[index..<index + word.count]) == word else { return nil }
    index += word.count
    return value
  }

  private mutating func parseObject() -> JSONValue? {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else { return nil }
    index += 1
    var pairs: [(String, JSONValue)] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(pairs)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = parseString() else { return nil }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
      index += 1
      guard let value = parseValue() else { return nil }
      pairs.append((key, value))
      skipWhitespace()
      guard index < bytes.count else { return nil }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "}") else { return nil }
      index += 1
      return .object(pairs)
    }
  }

  private mutating func parseArray() -> JSONValue? {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else { return nil }
    index += 1
    var values: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(values)
    }
    while true {
      guard let value = parseValue() else { return nil }
      values.append(value)
      skipWhitespace()
      guard index < bytes.count else { return nil }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "]") else { return nil }
      index += 1
      return .array(values)
    }
  }

  /// The string is decoded straight into its own storage: its end is found first, and no
  /// escape makes the text longer than it was, so that is capacity enough. It is validated
  /// once, in place: a string of 100 MB costs 100 MB, not two or three times that.
  private mutating func parseString() -> String? {
    let start = index + 1
    var end = start
    while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
      if bytes[end] < 0x20 { return nil }
      end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
    }
    guard end < bytes.count else { return nil }
    var valid = true
    let text = String(unsafeUninitializedCapacity: end - start) { out in
      guard let count = decode(start..<end, into: out) else {
        valid = false
        return 0
      }
      var decoder = UTF8()
      var iterator = out[..<count].makeIterator()
      while true {
        switch decoder.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: return count
        case .error:
          valid = false
          return 0
        }
      }
    }
    index = end + 1
    return valid ? text : nil
  }

  /// Writes the UTF-8 of the string text at `range` (escapes decoded) into `out`; returns how
  /// many bytes, or nil when an escape is invalid.
  private func decode(_ range: Range<Int>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
    var count = 0
    var index = range.lowerBound
    func put(_ byte: UInt8) {
      out[count] = byte
      count += 1
    }
    while index < range.upperBound {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "\\") else {
        put(byte)
        index += 1
        continue
      }
      guard index + 1 < range.upperBound else { return nil }
      index += 1
      switch bytes[index] {
      case UInt8(ascii: "\""): put(0x22)
      case UInt8(ascii: "\\"): put(0x5C)
      case UInt8(ascii: "/"): put(0x2F)
      case UInt8(ascii: "b"): put(0x08)
      case UInt8(ascii: "f"): put(0x0C)
      case UInt8(ascii: "n"): put(0x0A)
      case UInt8(ascii: "r"): put(0x0D)
      case UInt8(ascii: "t"): put(0x09)
      case UInt8(ascii: "u"):
        guard index + 4 < range.upperBound, var code = hex4(at: index + 1) else { return nil }
        index += 4
        if (0xD800..<0xDC00).contains(code) {
          guard index + 6 < range.upperBound, bytes[index + 1] == UInt8(ascii: "\\"),
            bytes[index + 2] == UInt8(ascii: "u"),
            let low = hex4(at: index + 3), (0xDC00..<0xE000).contains(low)
          else { return nil }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          index += 6
        }
        guard let scalar = Unicode.Scalar(code) else { return nil }
        for byte in UTF8.encode(scalar)! { put(byte) }
      default: return nil
      }
      index += 1
    }
    return count
  }

  private func hex4(at start: Int) -> UInt32? {
    guard start + 4 <= bytes.count else { return nil }
    var value: UInt32 = 0
    for byte in bytes[start..<start + 4] {
      guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
      value = value * 16 + UInt32(digit)
    }
    return value
  }

  private mutating func parseNumber() -> JSONValue? {
    let start = index
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    var isInteger = true
    while index < bytes.count {
      let byte = bytes[index]
      if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        index += 1
      } else if [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")]
        .contains(byte)
      {
        isInteger = false
        index += 1
      } else {
        break
      }
    }
    guard start < index, let text = String(validating: bytes[start..<index], as: UTF8.self) else { return nil }
    if isInteger, let value = Int64(text) { return .int(value) }
    return Double(text).map(JSONValue.double)
  }

  private mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }
}
