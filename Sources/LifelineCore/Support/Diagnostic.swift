/// One problem found in a runbook or an inventory: where, what, and what to do about it.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
  }

  public var location: SourceLocation
  public var severity: Severity
  public var message: String
  /// What the author can do to fix it, when there is something better to say than the message.
  public var hint: String?

  public init(
    _ message: String, at location: SourceLocation, severity: Severity = .error, hint: String? = nil
  ) {
    self.location = location
    self.severity = severity
    self.message = message
    self.hint = hint
  }

  /// `file:line:column: error: message` followed by the hint on its own line, like compilers.
  public var description: String {
    var text = "\(location): \(severity.rawValue): \(message)"
    if let hint { text += "\n    hint: \(hint)" }
    return text
  }
}

/// A set of diagnostics thrown as one error, so a caller sees every mistake at once.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
