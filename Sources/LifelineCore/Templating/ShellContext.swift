/// Where a placeholder stands in the shell text of a command, which decides how its value is
/// quoted (see docs/runbook-format.md, "Quoting by context").
///
/// The rules follow POSIX sh (XCU 2.2 "Quoting", 2.6.3 "Command Substitution", 2.7.4
/// "Here-Document"), which bash and dash share for everything quoted here.
public enum ShellContext: Sendable, Hashable {
  /// Outside any quotes: the value becomes one single-quoted word.
  case unquoted
  /// Inside `'…'`: the quotes are closed around the value and reopened.
  case singleQuoted
  /// Inside `"…"`: `$`, `` ` ``, `\` and `"` are escaped with a backslash.
  case doubleQuoted
  /// In the body of a here-document.
  case heredoc(HeredocBody)
  /// Inside `$((…))`, which evaluates its text as arithmetic (in bash, `a[$(cmd)]` runs cmd):
  /// only whole numbers are substituted.
  case arithmetic
  /// In a comment: harmless unless the value holds a line break, which would end the comment.
  case comment
  /// A context where no quoting makes every value literal; the reason says why.
  case unsupported(reason: String)

  /// True for the contexts where the value stands inside quotes the author wrote.
  public var isInsideQuotes: Bool {
    switch self {
    case .singleQuoted, .doubleQuoted: true
    default: false
    }
  }
}

/// The body of a here-document a placeholder stands in, with what is needed to keep a value
/// from ending it early.
public struct HeredocBody: Sendable, Hashable {
  /// The word that ends the body, with its quotes removed.
  public var delimiter: String
  /// `<<EOF` expands `$`, `` ` `` and `\` in the body; `<<'EOF'` (any quoted delimiter) does not.
  public var expands: Bool
  /// `<<-EOF` strips leading tabs, also from the line that ends the body.
  public var stripsTabs: Bool
  /// The literal text of the line before the placeholder; nil when another placeholder stands
  /// there, so it is unknown until both are rendered.
  public var textBefore: String?
  /// The literal text of the line after the placeholder, nil when another placeholder follows.
  public var textAfter: String?

  public init(delimiter: String, expands: Bool, stripsTabs: Bool, textBefore: String?, textAfter: String?) {
    self.delimiter = delimiter
    self.expands = expands
    self.stripsTabs = stripsTabs
    self.textBefore = textBefore
    self.textAfter = textAfter
  }

  /// True when `value`, substituted here, could form a line equal to the delimiter and so end
  /// the body where the author did not: the rest of the value would then run as commands.
  func couldEnd(with value: String) -> Bool {
    let lines = value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (index, line) in lines.enumerated() {
      let before = index == 0 ? textBefore : ""
      let after = index == lines.count - 1 ? textAfter : ""
      if couldForm(before: before, line, after: after) { return true }
    }
    return false
  }

  private func couldForm(before: String?, _ middle: String, after: String?) -> Bool {
    guard let before, let after else {
      // Part of the line is another value: refuse whenever this part could belong to the delimiter.
      let fragment = (before ?? "") + middle + (after ?? "")
      let trimmed = stripsTabs ? String(fragment.drop { $0 == "\t" }) : fragment
      return delimiter.contains(trimmed) || trimmed.isEmpty
    }
    var line = before + middle + after
    if stripsTabs { line = String(line.drop { $0 == "\t" }) }
    return line == delimiter
  }
}
