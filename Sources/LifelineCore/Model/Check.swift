/// Conditions on a command's result: the `expect` of a step and the `when` of a case.
///
/// Every condition given must hold. A missing condition does not constrain; only `expect`
/// supplies a default (exit status 0), see ``Step/expectation``.
public struct Check: Sendable, Hashable {
  /// Accepted exit statuses, or nil for any.
  public var exitCodes: [Int32]?
  public var stdout: Pattern?
  public var stdoutNot: Pattern?
  public var stderr: Pattern?
  public var stderrNot: Pattern?
  /// Conditions on stdout read as JSON (docs/api.md, "JSON checks").
  public var json: [JSONCheck]
  public var location: SourceLocation

  public init(
    exitCodes: [Int32]? = nil, stdout: Pattern? = nil, stdoutNot: Pattern? = nil,
    stderr: Pattern? = nil, stderrNot: Pattern? = nil, json: [JSONCheck] = [], location: SourceLocation
  ) {
    self.exitCodes = exitCodes
    self.stdout = stdout
    self.stdoutNot = stdoutNot
    self.stderr = stderr
    self.stderrNot = stderrNot
    self.json = json
    self.location = location
  }

  public var isEmpty: Bool {
    exitCodes == nil && stdout == nil && stdoutNot == nil && stderr == nil && stderrNot == nil && json.isEmpty
  }
}

/// One outcome of a step with several: when `check` holds, the runbook goes to `next`.
public struct Case: Sendable, Hashable {
  public var when: Check
  public var next: FlowReference

  public init(when: Check, next: FlowReference) {
    self.when = when
    self.next = next
  }
}
