/// The text of `help` and `help COMMAND`, from ``ConsoleCommandTable``.
public enum ConsoleHelp {
  /// Every command by group, with its usage and summary.
  public static var overview: String {
    let width = ConsoleCommandTable.commands.map(\.usage.count).max() ?? 0
    var lines: [String] = []
    for group in ConsoleCommandSpec.Group.allCases {
      lines.append(group.rawValue + ":")
      for spec in ConsoleCommandTable.commands where spec.group == group {
        lines.append("  " + spec.usage + String(repeating: " ", count: width - spec.usage.count) + "  " + spec.summary)
      }
    }
    lines.append("")
    lines.append("help COMMAND explains one. Tab completes commands, runbooks, nodes, steps and parameters.")
    lines.append(
      "Ctrl-C cancels a running step, a question or a confirmation, or clears the line; Ctrl-D or quit ends the session."
    )
    return lines.joined(separator: "\n")
  }

  /// The usage, summary and details of one command.
  public static func command(_ name: String) throws(ConsoleParseError) -> String {
    guard let spec = ConsoleCommandTable.command(named: name) else {
      throw ConsoleParseError(
        "no command '\(name)'\(Suggestion.didYouMean(name, in: ConsoleCommandTable.allNames)); type help for the list")
    }
    var text = "usage: \(spec.usage)\n\n\(spec.summary).\n\n\(spec.details)"
    if !spec.aliases.isEmpty { text += "\n\nAlso: " + spec.aliases.joined(separator: ", ") }
    if spec.changesCluster { text += "\n\nIt asks for confirmation before it changes anything." }
    return text
  }
}
