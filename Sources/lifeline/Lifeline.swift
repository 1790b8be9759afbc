import ArgumentParser

@main
struct Lifeline: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lifeline",
    abstract: "Runbook-driven recovery for Proxmox VE clusters.",
    discussion: """
      Loads runbooks (YAML), runs each step over SSH on the named node, checks the output against \
      what the runbook expects, branches, asks the operator where a human must act, and records a \
      tamper-evident transcript that becomes the post-incident record.

      Exit status: 0 the runbook succeeded; 1 it failed, stopped or a command failed; \
      2 usage errors, invalid runbooks or inventories; 130 cancelled.
      """,
    version: Version.description,
    subcommands: [
      ReplCommand.self, RunCommand.self, CheckCommand.self, ShowCommand.self, ExecCommand.self, TrustCommand.self,
      TranscriptCommand.self, LabCommand.self,
    ],
    defaultSubcommand: ReplCommand.self
  )
}
