/// What `check` says about the placeholders of one `run:` command: where no quoting keeps a
/// value literal (an error), and where a value could still surprise (warnings). See
/// docs/runbook-format.md, "Quoting by context".
enum CommandQuotingCheck {
  /// Names whose values come from the inventory or the runbook's flow, which cannot begin with `-`.
  private static let inventoryNames: Set<String> = ["cluster", "target", "nodes"]

  /// `alreadyWrong`: where placeholders already have an error (an unknown name), which says enough.
  static func diagnostics(for command: TemplateText, runsLocally: Bool, alreadyWrong: Set<SourceLocation>)
    -> [Diagnostic]
  {
    var diagnostics: [Diagnostic] = []
    for expression in command.expressions where !alreadyWrong.contains(expression.location) {
      let name = expression.path.joined(separator: ".")
      if expression.isRaw {
        if runsLocally {
          diagnostics.append(
            Diagnostic(
              "'{{ \(name) | raw }}' runs as shell code on the operator's machine", at: expression.location,
              severity: .warning,
              hint:
                "a value captured from a node or typed by an operator can run anything here; drop '| raw' unless the value is trusted shell text"
            ))
        }
        continue
      }
      if case .unsupported(let reason) = expression.shellContext {
        diagnostics.append(
          Diagnostic(
            "'{{ \(name) }}' cannot be quoted safely: \(reason)", at: expression.location,
            hint: "move it out of that construct, or write {{ \(name) | raw }} if the value is trusted shell text"))
        continue
      }
      let fromInventory =
        inventoryNames.contains(expression.root) || expression.filters.contains { $0 != .raw }
      if expression.isFirstArgument, expression.shellContext == .unquoted || expression.insideShellQuotes,
        !fromInventory
      {
        diagnostics.append(
          Diagnostic(
            "'{{ \(name) }}' is the first argument of a command: a value starting with '-' would be read as an option",
            at: expression.location, severity: .warning,
            hint: "write '--' before it (rm -- {{ \(name) }}) where the command accepts it"))
      }
    }
    return diagnostics
  }
}
