/// A console command as the operator typed it, parsed but not yet checked against the
/// session (whether the runbook, node or step exists is for the session to say).
public enum ConsoleCommand: Sendable, Hashable {
  case help(topic: String?)
  case runbooks
  /// A runbook name or path, and parameters given on the same line (`node=pve2`).
  case load(reference: String, parameters: [ParameterAssignment])
  case show
  /// No value: the console asks for it (without echo, for a secret).
  case set(name: String, value: String?)
  case params
  case nodes(check: Bool)
  case run
  case step
  case next
  case skip
  case goto(step: String)
  case retry
  /// `timeout` nil: the loaded runbook's default step timeout.
  case exec(node: String, command: String, timeout: Duration?)
  case note(String)
  case trust(node: String)
  case transcript
  case resume(file: String)
  case quit
}

/// `NAME=VALUE`, as `load` takes parameters.
public struct ParameterAssignment: Sendable, Hashable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}
