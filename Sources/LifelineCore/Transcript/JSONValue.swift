/// A JSON value whose objects keep their keys in order, so a transcript line is written the
/// same way every time and its hash is stable.
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.int(let a), .int(let b)): a == b
    case (.double(let a), .double(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
    default: false
    }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(serialized())
  }

  // MARK: Reading

  public subscript(key: String) -> JSONValue? {
    if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
    return nil
  }

  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  public var intValue: Int64? {
    switch self {
    case .int(let value): value
    case .double(let value) where value == value.rounded(): Int64(exactly: value)
    default: nil
    }
  }

  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let value) = self { return value }
    return nil
  }

  public var objectValue: [(String, JSONValue)]? {
    if case .object(let value) = self { return value }
    return nil
  }

  /// Parses JSON text; nil when it is not JSON. Objects keep their keys in order.
  public static func parse(_ text: some StringProtocol) -> JSONValue? {
    var parser = JSONParser(Array(text.utf8))
    return parser.parseDocument()
  }

  // MARK: Writing

  /// Compact JSON on one line: no spaces, keys in the order given, `/` not escaped.
  public func serialized() -> String {
    var output = ""
    write(to: &output)
    return output
  }

  public func write(to output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .int(let value): output += String(value)
    case .double(let value): output += value.isFinite ? "\(value)" : "null"
    case .string(let value): Self.writeString(value, to: &output)
    case .array(let values):
      output += "["
      for (index, value) in values.enumerated() {
        if index > 0 { output += "," }
        value.write(to: &output)
      }
      output += "]"
    case .object(let pairs):
      output += "{"
      for (index, (key, value)) in pairs.enumerated() {
        if index > 0 { output += "," }
        Self.writeString(key, to: &output)
        output += ":"
        value.write(to: &output)
      }
      output += "}"
    }
  }

  static func writeString(_ value: String, to output: inout String) {
    output += "\""
    // Most strings (and every base64 chunk) need no escaping: copy them whole.
    if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
      output += value
      output += "\""
      return
    }
    var escaped: [UInt8] = []
    escaped.reserveCapacity(value.utf8.count + value.utf8.count / 8)
    let hex = Array("0123456789abcdef".utf8)
    let utf8 = Array(value.utf8)
    var index = 0
    while index < utf8.count {
      let byte = utf8[index]
      switch byte {
      case 0x22: escaped += [0x5C, 0x22]
      case 0x5C: escaped += [0x5C, 0x5C]
      case 0x0A: escaped += [0x5C, UInt8(ascii: "n")]
      case 0x0D: escaped += [0x5C, UInt8(ascii: "r")]
      case 0x09: escaped += [0x5C, UInt8(ascii: "t")]
      case 0x00..<0x20, 0x7F:
        escaped += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      case 0xE2
      where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
        // U+2028 and U+2029 end lines in some JSON readers.
        escaped += Array("\\u202".utf8) + [utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")]
        index += 2
      default: escaped.append(byte)
      }
      index += 1
    }
    output += String(decoding: escaped, as: UTF8.self)
    output += "\""
  }

}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}
