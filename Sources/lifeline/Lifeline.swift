import ArgumentParser
import Foundation

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
      2 usage errors, invalid runbooks or inventories; 130 cancelled; 141 exec in a pipe whose \
      reader went away.
      """,
    version: Version.description,
    subcommands: [
      ReplCommand.self, InitCommand.self, RunCommand.self, CheckCommand.self, ShowCommand.self, ExecCommand.self,
      TrustCommand.self,
      TranscriptCommand.self, LabCommand.self,
    ],
    defaultSubcommand: ReplCommand.self
  )

  /// Parses and runs the command, and ends every way it can fail in one place: one label,
  /// and only the documented exit statuses.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      exit(withUserFacing: error)
    }
  }

  /// Prints what went wrong and exits: help and `--version` on stdout with 0, a ``UserError``
  /// with its status, argument-parser's usage errors with 2 (not its 64), under the same
  /// `error:` label.
  private static func exit(withUserFacing error: Error) -> Never {
    if let error = error as? UserError { Foundation.exit(error.report().rawValue) }
    let code = exitCode(for: error)
    if code == .success || error is ExitCode { exit(withError: error) }
    var text = fullMessage(for: error)
    if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
    StandardStreams.error(text)
    Foundation.exit(code == .validationFailure ? ExitStatus.invalid.rawValue : code.rawValue)
  }
}
