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
  /// The text is read where it is stored, not copied: a transcript line can be 100 MB.
  public static func parse(_ text: some StringProtocol) -> JSONValue? {
    let parse = { (bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? in
      var parser = JSONParser(bytes)
      return parser.parseDocument()
    }
    if let parsed = text.utf8.withContiguousStorageIfAvailable(parse) { return parsed }
    return Array(text.utf8).withUnsafeBufferPointer(parse)
  }

  // MARK: Writing

  /// Compact JSON on one line: no spaces, keys in the order given, `/` not escaped.
  public func serialized() -> String {
    var output: [UInt8] = []
    write(to: &output)
    return String(decoding: output, as: UTF8.self)
  }

  /// Appends the compact JSON text as UTF-8.
  public func write(to output: inout [UInt8]) {
    switch self {
    case .null: output += "null".utf8
    case .bool(let value): output += (value ? "true" : "false").utf8
    case .int(let value): output += String(value).utf8
    case .double(let value): output += (value.isFinite ? "\(value)" : "null").utf8
    case .string(let value): Self.writeString(value, to: &output)
    case .array(let values):
      output.append(UInt8(ascii: "["))
      for (index, value) in values.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        value.write(to: &output)
      }
      output.append(UInt8(ascii: "]"))
    case .object(let pairs):
      output.append(UInt8(ascii: "{"))
      for (index, (key, value)) in pairs.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        Self.writeString(key, to: &output)
        output.append(UInt8(ascii: ":"))
        value.write(to: &output)
      }
      output.append(UInt8(ascii: "}"))
    }
  }

  static func writeString(_ value: String, to output: inout [UInt8]) {
    var value = value
    value.withUTF8 { writeString(utf8: $0, to: &output) }
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Escapes in runs: the bytes between two that need escaping are appended in one copy, so
  /// output (nearly all of which needs no escaping but its newlines) costs a scan and a copy.
  static func writeString(utf8: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    output.reserveCapacity(output.count + utf8.count + 2)
    output.append(UInt8(ascii: "\""))
    var runStart = 0
    var index = 0
    while index < utf8.count {
      let byte = utf8[index]
      // Everything from 0x23 to 0x7E but the backslash is copied as it is; so is UTF-8 other
      // than U+2028 and U+2029, which end lines in some JSON readers.
      if byte >= 0x23 && byte != 0x5C && byte != 0x7F && byte != 0xE2 || byte == 0x20 || byte == 0x21 {
        index += 1
        continue
      }
      var escape: (UInt8, UInt8)?
      var skip = 1
      switch byte {
      case 0x22: escape = (0x5C, 0x22)
      case 0x5C: escape = (0x5C, 0x5C)
      case 0x0A: escape = (0x5C, UInt8(ascii: "n"))
      case 0x0D: escape = (0x5C, UInt8(ascii: "r"))
      case 0x09: escape = (0x5C, UInt8(ascii: "t"))
      case 0xE2:
        guard index + 2 < utf8.count, utf8[index + 1] == 0x80, utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9
        else {
          index += 1
          continue
        }
        skip = 3
      default: break
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
      if let escape {
        output.append(escape.0)
        output.append(escape.1)
      } else if skip == 3 {
        output += "\\u202".utf8
        output.append(utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
      } else {
        output += "\\u00".utf8
        output.append(hexDigits[Int(byte >> 4)])
        output.append(hexDigits[Int(byte & 0xF)])
      }
      index += skip
      runStart = index
    }
    output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    output.append(UInt8(ascii: "\""))
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}
