/// Quotes values for a POSIX shell so they reach a command as literal text, in each context a
/// placeholder can stand in (``ShellContext``).
public enum ShellQuoting {
  /// Characters that need no quoting anywhere in a POSIX shell word.
  private static let safe = Set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-".unicodeScalars)

  /// The value as one shell word: unchanged when it holds only safe characters (so commands
  /// stay readable), otherwise in single quotes with each `'` written as `'\''`.
  public static func quote(_ value: String) -> String {
    if !value.isEmpty, value.unicodeScalars.allSatisfy(safe.contains) { return value }
    return "'" + insideSingleQuotes(value) + "'"
  }

  /// The value for a place between `'` and `'`: each `'` closes the quotes, adds an escaped
  /// quote and reopens them. Nothing else is special inside single quotes.
  public static func insideSingleQuotes(_ value: String) -> String {
    value.replacingOccurrences(of: "'", with: "'\\''")
  }

  /// The value for a place between `"` and `"`: a backslash before each of `$`, `` ` ``, `"`
  /// and `\`, the only characters double quotes give a meaning to (POSIX XCU 2.2.3). `!` stays
  /// as it is: history expansion is off in the non-interactive shells commands run in, and
  /// where it is on, bash keeps the backslash of `\!` inside double quotes.
  public static func insideDoubleQuotes(_ value: String) -> String {
    escaping(value, "$`\"\\")
  }

  /// The value for the body of a here-document whose delimiter is unquoted (`<<EOF`), where
  /// `$`, `` ` `` and `\` keep their meaning and quotes have none (POSIX XCU 2.7.4).
  public static func insideExpandingHeredoc(_ value: String) -> String {
    escaping(value, "$`\\")
  }

  /// Text for the inside of a backquoted command substitution: the shell first removes a
  /// backslash before `$`, `` ` `` and `\` there (POSIX XCU 2.6.3), so each gets one more.
  public static func insideBackquotes(_ text: String) -> String {
    escaping(text, "$`\\")
  }

  private static func escaping(_ value: String, _ special: String) -> String {
    let special = Set(special.unicodeScalars)
    var result = String.UnicodeScalarView()
    for scalar in value.unicodeScalars {
      if special.contains(scalar) { result.append("\\") }
      result.append(scalar)
    }
    return String(result)
  }

  /// The value as shell text for a placeholder in `context`, inside a backquoted command
  /// substitution or not; a refusal where no quoting keeps it literal.
  static func quote(_ value: String, in context: ShellContext, insideBackquotes backquoted: Bool) -> Result<
    String, Refusal
  > {
    var text: String
    switch context {
    case .unquoted: text = quote(value)
    case .singleQuoted: text = insideSingleQuotes(value)
    case .doubleQuoted: text = insideDoubleQuotes(value)
    case .heredoc(let body):
      text = body.expands ? insideExpandingHeredoc(value) : value
      if body.couldEnd(with: text) {
        return .failure(.init(reason: "its value would end the here-document early (a line '\(body.delimiter)')"))
      }
    case .arithmetic:
      guard isWholeNumber(value) else {
        return .failure(
          .init(
            reason: "it stands inside $((…)), which evaluates its text as code, and its value is not a whole number"))
      }
      text = value
    case .comment:
      if value.contains(where: \.isNewline) {
        return .failure(
          .init(reason: "it stands in a comment and its value holds a line break, which would end the comment"))
      }
      text = value
    case .unsupported(let reason): return .failure(.init(reason: reason))
    }
    return .success(backquoted ? insideBackquotes(text) : text)
  }

  /// An optional `-` and decimal digits: the only values arithmetic reads as plain data.
  private static func isWholeNumber(_ value: String) -> Bool {
    let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
    return !digits.isEmpty && digits.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
  }

  /// Why a value cannot be substituted where its placeholder stands.
  struct Refusal: Error {
    var reason: String
  }
}
