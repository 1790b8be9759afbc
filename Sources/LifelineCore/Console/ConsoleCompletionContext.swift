/// What the session knows that Tab can offer: the names a command's arguments may take.
public struct ConsoleCompletionContext: Sendable {
  public var runbooks: [String]
  public var nodes: [String]
  /// The loaded runbook's main steps (the ones `goto` can reach).
  public var steps: [String]
  public var parameters: [String]
  /// Likely values per parameter: its default, its current value, node names.
  public var parameterValues: [String: [String]]
  /// Paths that start with the given text; folders end with `/`. The console lists the disk,
  /// the core never does.
  public var files: @Sendable (String) -> [String]
  /// The parameters of a runbook that is not loaded yet, by name or path (for `load`).
  public var runbookParameters: @Sendable (String) -> [String]

  public init(
    runbooks: [String] = [], nodes: [String] = [], steps: [String] = [], parameters: [String] = [],
    parameterValues: [String: [String]] = [:], files: @escaping @Sendable (String) -> [String] = { _ in [] },
    runbookParameters: @escaping @Sendable (String) -> [String] = { _ in [] }
  ) {
    self.runbooks = runbooks
    self.nodes = nodes
    self.steps = steps
    self.parameters = parameters
    self.parameterValues = parameterValues
    self.files = files
    self.runbookParameters = runbookParameters
  }
}
