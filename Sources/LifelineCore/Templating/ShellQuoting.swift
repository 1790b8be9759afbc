/// Quotes values for a POSIX shell so they reach a command as one literal word.
public enum ShellQuoting {
  /// Characters that need no quoting anywhere in a POSIX shell word.
  private static let safe = Set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-".unicodeScalars)

  /// The value as one shell word: unchanged when it holds only safe characters (so commands
  /// stay readable), otherwise in single quotes with each `'` written as `'\''`.
  public static func quote(_ value: String) -> String {
    if !value.isEmpty, value.unicodeScalars.allSatisfy(safe.contains) { return value }
    return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
