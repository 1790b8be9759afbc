import Foundation

/// JSON as Proxmox's Perl tools print it: keys sorted (canonical), booleans as 1/0, numbers as
/// Perl stringifies them, compact on one line or "pretty" with 3-space indents and `" : "`.
indirect enum PerlJSON: Sendable, Equatable {
  case string(String)
  case int(Int64)
  case double(Double)
  case array([PerlJSON])
  case object([String: PerlJSON])
  case null

  static func bool(_ value: Bool) -> PerlJSON { .int(value ? 1 : 0) }
  static func int(_ value: Int) -> PerlJSON { .int(Int64(value)) }

  /// One line, no spaces.
  func compact() -> String {
    switch self {
    case .array(let items): "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
    case .object(let fields):
      "{" + fields.keys.sorted().map { Self.quote($0) + ":" + (fields[$0] ?? .null).compact() }.joined(separator: ",")
        + "}"
    default: scalarText
    }
  }

  /// Perl JSON `pretty`: 3-space indentation, `" : "` between key and value.
  func pretty(indent: Int = 0) -> String {
    let inner = String(repeating: " ", count: indent + 3)
    let outer = String(repeating: " ", count: indent)
    switch self {
    case .array(let items) where !items.isEmpty:
      return "[\n" + items.map { inner + $0.pretty(indent: indent + 3) }.joined(separator: ",\n") + "\n" + outer + "]"
    case .object(let fields) where !fields.isEmpty:
      let lines = fields.keys.sorted().map {
        inner + Self.quote($0) + " : " + (fields[$0] ?? .null).pretty(indent: indent + 3)
      }
      return "{\n" + lines.joined(separator: ",\n") + "\n" + outer + "}"
    case .array: return "[]"
    case .object: return "{}"
    default: return scalarText
    }
  }

  private var scalarText: String {
    switch self {
    case .string(let text): Self.quote(text)
    case .int(let value): String(value)
    case .double(let value): value.isFinite ? String(format: "%.15g", value) : "null"
    default: "null"
    }
  }

  static func quote(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      default:
        if scalar.value < 0x20 {
          output += String(format: "\\u%04x", scalar.value)
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    return output + "\""
  }
}
