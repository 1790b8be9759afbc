/// A recovery procedure: parameters, steps that branch on what they find, and clean-up steps.
public struct Runbook: Sendable, Hashable {
  /// The runbook's id, as `load` and `lifeline run` name it.
  public var name: String
  public var title: String
  public var description: String?
  public var parameters: [ParameterSpec]
  public var steps: [Step]
  /// Steps that always run when the runbook ends, whatever the ending (a drill always
  /// takes its node out of maintenance).
  public var finally: [Step]
  /// The timeout of a step that names none.
  public var defaultTimeout: Duration
  /// The file the runbook was loaded from, as given.
  public var file: String

  public static let standardTimeout: Duration = .seconds(60)

  public init(
    name: String, title: String, description: String? = nil, parameters: [ParameterSpec] = [],
    steps: [Step], finally: [Step] = [], defaultTimeout: Duration = Runbook.standardTimeout,
    file: String
  ) {
    self.name = name
    self.title = title
    self.description = description
    self.parameters = parameters
    self.steps = steps
    self.finally = finally
    self.defaultTimeout = defaultTimeout
    self.file = file
  }

  public func step(_ id: String) -> Step? {
    steps.first { $0.id == id } ?? finally.first { $0.id == id }
  }

  public func parameter(_ name: String) -> ParameterSpec? {
    parameters.first { $0.name == name }
  }

  /// Every variable a step can capture, so templates may refer to them.
  public var capturedNames: Set<String> {
    Set((steps + finally).flatMap { $0.captures.map(\.name) })
  }
}

public struct ParameterSpec: Sendable, Hashable {
  public var name: String
  public var description: String?
  public var required: Bool
  public var defaultValue: String?
  /// A secret never reaches a transcript, the screen or the history: it is redacted everywhere.
  public var secret: Bool
  public var location: SourceLocation

  public init(
    name: String, description: String? = nil, required: Bool = false,
    defaultValue: String? = nil, secret: Bool = false, location: SourceLocation
  ) {
    self.name = name
    self.description = description
    self.required = required
    self.defaultValue = defaultValue
    self.secret = secret
    self.location = location
  }
}
