/// Makes text from a command or a record safe to show: on the operator's terminal, in a
/// report. Escape sequences and other control characters become visible text (`ESC` shows as
/// `^[`, as terminals echo it), so a hostile or broken command cannot move the cursor, change
/// the title, restyle a page or hide what it printed; C1 codes and Unicode direction marks and
/// overrides (U+200E/F, U+202A–U+202E, U+2066–U+2069) show as `\u{202e}`, so they cannot
/// reorder what a reader sees (`rm -rf /\u{202e}txt.exe`). A carriage return that does not
/// end a line becomes a line break: each state of a progress bar stays readable, and text
/// cannot be written over what came before it on the line.
public enum SafeText {
  public static func display(_ bytes: some Sequence<UInt8>) -> String {
    display(String(decoding: Array(bytes), as: UTF8.self))
  }

  public static func display(_ text: String) -> String {
    // Plain text is shown as it is: no control characters, no C1 codes (UTF-8 writes them
    // after 0xC2), no direction marks (after 0xE2).
    if !text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 })
    {
      return text
    }
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    var scalars = text.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let scalar = pending {
      pending = scalars.next()
      switch scalar.value {
      case 0x0A, 0x09: result.unicodeScalars.append(scalar)
      case 0x0D where pending?.value == 0x0A: continue
      case 0x0D: result += "\n"
      case 0x1B: result += "^["
      case 0x00..<0x20: result += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
      case 0x7F: result += "^?"
      case 0x80..<0xA0, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        result += "\\u{\(String(scalar.value, radix: 16))}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
