/// Resolves a runbook's parameters from what the operator gave: defaults filled in, unknown
/// names and missing required values refused with a message that says what to pass.
public enum ParameterBinding {
  public static func bind(
    _ given: [String: String], to runbook: Runbook
  ) throws(ParameterError) -> [String: String] {
    let declared = runbook.parameters.map(\.name)
    for name in given.keys.sorted() where runbook.parameter(name) == nil {
      throw ParameterError(
        "runbook '\(runbook.name)' has no parameter '\(name)'\(Suggestion.didYouMean(name, in: declared))"
          + (declared.isEmpty ? "; it takes none" : "; it takes \(declared.joined(separator: ", "))"))
    }
    var values: [String: String] = [:]
    var missing: [ParameterSpec] = []
    for parameter in runbook.parameters {
      if let value = given[parameter.name] ?? parameter.defaultValue {
        values[parameter.name] = value
      } else if parameter.required {
        missing.append(parameter)
      }
    }
    if !missing.isEmpty {
      let list = missing.map { "  \($0.name)" + ($0.description.map { ": \($0)" } ?? "") }
      let flags = missing.map { $0.name == "node" ? "--node NAME" : "--set \($0.name)=VALUE" }
      throw ParameterError(
        "runbook '\(runbook.name)' needs \(missing.count == 1 ? "a value" : "values") for:\n"
          + list.joined(separator: "\n") + "\npass " + flags.joined(separator: " "))
    }
    return values
  }
}

public struct ParameterError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
