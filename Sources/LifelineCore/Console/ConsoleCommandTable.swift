/// Every console command, in the order `help` lists them: the one table that drives help,
/// parsing and Tab completion.
public enum ConsoleCommandTable {
  public static let commands: [ConsoleCommandSpec] = [
    ConsoleCommandSpec(
      name: "runbooks", group: .runbooks, summary: "List the runbooks, with their titles",
      details: """
        Lists the runbooks found in $LIFELINE_RUNBOOKS, ./Runbooks and $XDG_DATA_HOME/lifeline/runbooks \
        (the first of a name wins), with each one's title. Load one with: load NAME
        """),
    ConsoleCommandSpec(
      name: "load", group: .runbooks,
      arguments: [
        ConsoleArgument("RUNBOOK", .runbook),
        ConsoleArgument("KEY=VALUE", .parameterAssignment, optional: true, takesRest: true),
      ],
      summary: "Load a runbook by name or path",
      details: """
        Loads and validates a runbook, which then runs from its first step. Parameters can be given \
        on the same line; the transcript is named after the node when it is given here.
          load node-recovery node=pve2
          load ./drills/quorum.yaml
        """),
    ConsoleCommandSpec(
      name: "show", group: .runbooks, summary: "Show the loaded runbook's steps and where the session stands",
      details: """
        Lists the steps with their nodes: ✓ done, ✗ failed, ↷ skipped, ▶ the current step (the one \
        run or step would run next), then the finally steps.
        """),
    ConsoleCommandSpec(
      name: "set", group: .runbooks,
      arguments: [
        ConsoleArgument("KEY", .parameter), ConsoleArgument("VALUE", .parameterValue, optional: true, takesRest: true),
      ],
      summary: "Set a parameter of the loaded runbook",
      details: """
        Sets a parameter for the steps still to run. Without a value it asks for one; a secret \
        parameter is asked for without echo, and is never shown, recorded or kept in the history.
          set node pve2
          set token
        """),
    ConsoleCommandSpec(
      name: "params", group: .runbooks, summary: "Show the loaded runbook's parameters and their values",
      details: "Lists each parameter with its value (secrets masked), its default and what it is for."),
    ConsoleCommandSpec(
      name: "run", group: .running, summary: "Run the runbook from the current step to its end",
      details: """
        Runs step after step, following the runbook's branches. Confirmations and questions are \
        asked as they come; a destructive step asks you to type the node's name. Ctrl-C cancels the \
        running step, which stays the current one: run or step tries it again, skip passes over it.
        """),
    ConsoleCommandSpec(
      name: "step", group: .running, summary: "Run only the current step, then stop",
      details:
        "Runs the current step (asking first where the runbook says so), shows where the runbook goes next, and returns to the prompt."
    ),
    ConsoleCommandSpec(
      name: "next", group: .running, summary: "Show what the current step will do, without running it",
      details:
        "Shows the current step: its nodes, the commands as they will run, its timeout, and whether it asks for confirmation."
    ),
    ConsoleCommandSpec(
      name: "skip", group: .running, summary: "Pass over the current step as if it succeeded",
      details: "For a step you did by hand: the runbook goes where the step's success would have taken it. Recorded."),
    ConsoleCommandSpec(
      name: "goto", group: .running, arguments: [ConsoleArgument("STEP", .step)],
      summary: "Make another step the current one",
      details: "Moves to a step of the runbook without running anything; run or step goes on from there. Recorded."),
    ConsoleCommandSpec(
      name: "retry", group: .running, summary: "Run the last step again",
      details: "Goes back to the step that ran last (or the one that was cancelled) and runs it once more. Recorded."),
    ConsoleCommandSpec(
      name: "nodes", group: .cluster, options: [ConsoleOption("--check")],
      summary: "List the inventory's nodes; --check tests that each answers",
      details: """
        Lists each node with its address and user. With --check, runs `true` on every node at once \
        with a short timeout and reports which answered, and how fast.
        """),
    ConsoleCommandSpec(
      name: "exec", group: .cluster,
      arguments: [ConsoleArgument("NODE", .nodeOrLocal), ConsoleArgument("COMMAND", .text, takesRest: true)],
      options: [ConsoleOption("--timeout", valueName: "DURATION")],
      summary: "Run a command on a node (asks first)",
      details: """
        Runs an ad-hoc command on a node, or on this machine with `local`, after you confirm it: it \
        may change the cluster (Ctrl-C at the question cancels it). The rest of the line is the \
        command, as a shell reads it. Its output is shown and recorded; Ctrl-C stops it. The timeout \
        defaults to the runbook's step timeout.
          exec pve1 pvecm status
          exec --timeout 5m pve2 journalctl -u corosync -n 200
        """, changesCluster: true),
    ConsoleCommandSpec(
      name: "trust", group: .cluster, arguments: [ConsoleArgument("NODE", .node)],
      summary: "Record a node's SSH host key after comparing its fingerprint",
      details: """
        Connects to the node, shows the host key its server offers, and records it in the node's \
        known_hosts file once you have compared it with the node's own key (on its console: \
        ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and confirmed.
        """, changesCluster: true),
    ConsoleCommandSpec(
      name: "note", group: .record, arguments: [ConsoleArgument("TEXT", .text, takesRest: true)],
      summary: "Add a note to the transcript",
      details:
        "Records what you saw or decided, with the time, for the incident report.\n  note corosync link 1 flaps on pve2"
    ),
    ConsoleCommandSpec(
      name: "transcript", group: .record, summary: "Show where this session is recorded",
      details: "Shows the transcript file, how many events it holds and its latest hash."),
    ConsoleCommandSpec(
      name: "resume", group: .record, arguments: [ConsoleArgument("FILE", .file)],
      summary: "Continue a recorded session where it stopped",
      details: """
        Verifies a transcript, loads the runbook it ran (which must not have changed), and puts the \
        session where the record stopped. The session goes on recording in that file.
        """),
    ConsoleCommandSpec(
      name: "help", aliases: ["?"], group: .session, arguments: [ConsoleArgument("COMMAND", .command, optional: true)],
      summary: "List the commands, or explain one",
      details: "help lists the commands; help COMMAND explains one."),
    ConsoleCommandSpec(
      name: "quit", aliases: ["exit"], group: .session, summary: "End the session (Ctrl-D does the same)",
      details: """
        Ends the session: the transcript is closed with its final hash and the report is written next \
        to it. A runbook left half-way can be continued later with: resume FILE
        """),
  ]

  /// The command with this name or alias.
  public static func command(named name: String) -> ConsoleCommandSpec? {
    commands.first { $0.name == name || $0.aliases.contains(name) }
  }

  /// Every name and alias, for suggestions.
  public static var allNames: [String] {
    commands.flatMap { [$0.name] + $0.aliases }
  }
}
