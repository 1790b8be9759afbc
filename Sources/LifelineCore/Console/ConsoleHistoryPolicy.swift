/// Decides what of a console line the history keeps, so that secrets never reach the
/// history file.
public enum ConsoleHistoryPolicy {
  /// The entry to keep for `line`, or nil to keep nothing.
  ///
  /// - A line that starts with a blank is not kept (as shells do with `ignorespace`), so an
  ///   operator can keep any line out on purpose.
  /// - `set SECRET VALUE` is kept as `set SECRET`, which asks for the value again.
  /// - `load RUNBOOK secret=VALUE` loses the secret assignment.
  /// - A line that still holds a secret value or something that looks like a credential
  ///   (`password=…`, `PVEAPIToken=…`) is not kept at all.
  public static func entry(for line: String, secretParameters: Set<String>, redactor: Redactor) -> String? {
    if line.first?.isWhitespace == true { return nil }
    var entry = line
    while entry.last?.isWhitespace == true { entry.removeLast() }
    guard !entry.isEmpty else { return nil }
    if let command = try? ConsoleParser.parse(entry) {
      switch command {
      case .set(let name, let value?) where secretParameters.contains(name) && !value.isEmpty:
        entry = "set \(name)"
      case .load(let reference, let parameters) where parameters.contains(where: { secretParameters.contains($0.name) }):
        let kept = parameters.filter { !secretParameters.contains($0.name) }.map { "\($0.name)=\($0.value)" }
        entry = (["load", reference] + kept).joined(separator: " ")
      default:
        break
      }
    }
    return redactor.redact(entry) == entry ? entry : nil
  }
}
