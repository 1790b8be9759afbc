/// Makes remote output safe to print on the operator's terminal: escape sequences and
/// other control characters are shown as visible text, never sent raw, so a hostile or
/// broken command cannot move the cursor, change the title or hide what it printed.
public enum SafeText {
  public static func display(_ bytes: some Sequence<UInt8>) -> String {
    display(String(decoding: Array(bytes), as: UTF8.self))
  }

  public static func display(_ text: String) -> String {
    // Plain text (no control characters, no C1 codes, which UTF-8 writes after 0xC2) is shown as it is.
    if !text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F || $0 == 0xC2 }) {
      return text
    }
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A, 0x09: result.unicodeScalars.append(scalar)
      case 0x0D: continue
      case 0x1B: result += "^["
      case 0x00..<0x20: result += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
      case 0x7F: result += "^?"
      case 0x80..<0xA0: result += "\\u{\(String(scalar.value, radix: 16))}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
