/// The values a template can see: parameters, captured variables, the inventory and,
/// inside a step, the node it runs on.
public struct TemplateScope: Sendable {
  public var variables: [String: String]
  public var inventory: Inventory
  /// The node the step is running on (`{{ target }}`), set per node in fan-out steps.
  public var target: String?

  /// Names that every runbook may use without declaring them.
  public static let builtins: Set<String> = ["cluster", "target", "nodes"]

  public init(variables: [String: String], inventory: Inventory, target: String? = nil) {
    self.variables = variables
    self.inventory = inventory
    self.target = target
  }

  public enum Mode: Sendable {
    /// Values are quoted for the shell unless the expression is `| raw`.
    case shell
    /// Values are substituted as they are: titles, questions, findings, node names.
    case plain
  }

  /// Substitutes every placeholder.
  public func render(_ template: TemplateText, mode: Mode) throws(TemplateError) -> String {
    var result = ""
    for segment in template.segments {
      switch segment {
      case .literal(let text):
        result += text
      case .expression(let expression):
        let value = try evaluate(expression)
        guard mode == .shell else {
          result += value
          continue
        }
        // Raw or quoted, a NUL would cut the command short where the executor hands it to C.
        if value.unicodeScalars.contains("\0") {
          throw TemplateError(
            "'\(expression.path.joined(separator: "."))' holds a NUL byte, which no shell command can carry",
            at: expression.location)
        }
        if expression.isRaw {
          result += value
          continue
        }
        switch ShellQuoting.quote(value, in: expression.shellContext, insideBackquotes: expression.isInsideBackquotes) {
        case .success(let quoted): result += quoted
        case .failure(let refusal):
          throw TemplateError(
            "'\(expression.path.joined(separator: "."))' cannot be substituted: \(refusal.reason)",
            at: expression.location)
        }
      }
    }
    return result
  }

  func evaluate(_ expression: TemplateExpression) throws(TemplateError) -> String {
    var value = try lookUp(expression)
    for filter in expression.filters {
      switch filter {
      case .raw: continue
      case .host, .port, .user:
        guard let node = inventory.node(named: value) else {
          throw TemplateError(
            "'\(value)' is not a node of the inventory\(Suggestion.didYouMean(value, in: inventory.nodeNames))",
            at: expression.location)
        }
        value = filter == .host ? node.host : filter == .port ? String(node.port) : node.user
      }
    }
    return value
  }

  private func lookUp(_ expression: TemplateExpression) throws(TemplateError) -> String {
    let path = expression.path
    let name = path.joined(separator: ".")
    if let value = variables[name] { return value }
    switch path[0] {
    case "cluster" where path.count == 1:
      return inventory.cluster
    case "target" where path.count == 1:
      if let target { return target }
      throw TemplateError("'target' is only set while a step runs on a node", at: expression.location)
    case "nodes" where path.count == 3:
      guard let node = inventory.node(named: path[1]) else {
        throw TemplateError(
          "'\(path[1])' is not a node of the inventory\(Suggestion.didYouMean(path[1], in: inventory.nodeNames))",
          at: expression.location)
      }
      switch path[2] {
      case "host": return node.host
      case "port": return String(node.port)
      case "user": return node.user
      default:
        throw TemplateError(
          "nodes have host, port and user, not '\(path[2])'", at: expression.location)
      }
    default:
      throw TemplateError("'\(name)' has no value yet", at: expression.location)
    }
  }
}

/// A template that cannot be rendered with the values at hand.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var location: SourceLocation

  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
  }

  public var description: String { "\(location): \(message)" }
}
