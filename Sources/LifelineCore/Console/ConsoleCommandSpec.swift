/// One console command as `help`, the parser and Tab completion know it.
public struct ConsoleCommandSpec: Sendable, Hashable {
  public enum Group: String, Sendable, Hashable, CaseIterable {
    case runbooks = "Runbooks"
    case running = "Running"
    case cluster = "Cluster"
    case record = "Record"
    case session = "Session"
  }

  public var name: String
  public var aliases: [String]
  public var group: Group
  public var arguments: [ConsoleArgument]
  public var options: [ConsoleOption]
  /// One line for the command list.
  public var summary: String
  /// What `help NAME` adds: what it does, when to use it, examples.
  public var details: String
  /// It can change the cluster, so it asks for confirmation first.
  public var changesCluster: Bool

  public init(
    name: String, aliases: [String] = [], group: Group, arguments: [ConsoleArgument] = [],
    options: [ConsoleOption] = [], summary: String, details: String, changesCluster: Bool = false
  ) {
    self.name = name
    self.aliases = aliases
    self.group = group
    self.arguments = arguments
    self.options = options
    self.summary = summary
    self.details = details
    self.changesCluster = changesCluster
  }

  /// `exec [--timeout DURATION] NODE COMMAND...`
  public var usage: String {
    var words = [name]
    for option in options {
      words.append("[" + option.name + (option.valueName.map { " " + $0 } ?? "") + "]")
    }
    for argument in arguments {
      let word = argument.takesRest ? argument.name + "..." : argument.name
      words.append(argument.optional ? "[\(word)]" : word)
    }
    return words.joined(separator: " ")
  }
}
