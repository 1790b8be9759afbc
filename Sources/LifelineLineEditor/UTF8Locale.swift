import Foundation

/// libedit decodes input with the C library's character type; in the default "C" locale a
/// line with any non-ASCII character comes back empty.
public enum UTF8Locale {
  /// Takes the environment's locale, and falls back to C.UTF-8 when that is not UTF-8
  /// (`LANG=C`, or no locale at all). Call it once, before reading anything.
  public static func ensure() {
    setlocale(LC_CTYPE, "")
    if !usesUTF8 { setlocale(LC_CTYPE, "C.UTF-8") }
  }

  private static var usesUTF8: Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }
}
