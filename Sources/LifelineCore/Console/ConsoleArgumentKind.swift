/// What an argument of a console command names, which decides what Tab offers for it.
public enum ConsoleArgumentKind: Sendable, Hashable {
  /// A console command (`help COMMAND`).
  case command
  /// A runbook name from the runbooks folders, or a path to a runbook file.
  case runbook
  /// A node of the inventory.
  case node
  /// A node of the inventory, or `local` for the operator's machine.
  case nodeOrLocal
  /// A step of the loaded runbook.
  case step
  /// A parameter of the loaded runbook.
  case parameter
  /// A value for the parameter named by the previous word.
  case parameterValue
  /// `KEY=VALUE` for a parameter of the runbook named by the previous word (`load`).
  case parameterAssignment
  /// A file.
  case file
  /// Free text: nothing to offer.
  case text
}

/// One positional argument of a console command.
public struct ConsoleArgument: Sendable, Hashable {
  public var name: String
  public var kind: ConsoleArgumentKind
  public var optional: Bool
  /// It takes the rest of the line as it was typed (a shell command, a note).
  public var takesRest: Bool

  public init(_ name: String, _ kind: ConsoleArgumentKind, optional: Bool = false, takesRest: Bool = false) {
    self.name = name
    self.kind = kind
    self.optional = optional
    self.takesRest = takesRest
  }
}

/// An option of a console command (`--check`, `--timeout 5m`).
public struct ConsoleOption: Sendable, Hashable {
  public var name: String
  /// The value's name in usage text, or nil for a flag.
  public var valueName: String?

  public init(_ name: String, valueName: String? = nil) {
    self.name = name
    self.valueName = valueName
  }
}
