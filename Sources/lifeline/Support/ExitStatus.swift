import ArgumentParser

/// The documented exit statuses: 0, 1, 2, 130 and (from `exec` in a pipe) 141, and nothing else.
enum ExitStatus {
  static let success = ExitCode(0)
  /// The runbook failed, stopped, or a command failed.
  static let failure = ExitCode(1)
  /// Usage errors, invalid runbooks or inventories.
  static let invalid = ExitCode(2)
  /// Ctrl-C.
  static let cancelled = ExitCode(130)
  /// `exec` in a pipe whose reader went away (`| head -1`): what a shell reports for a
  /// program that SIGPIPE ended, though Lifeline ends on its own, with the run recorded.
  static let brokenPipe = ExitCode(141)
}

/// The one error a user sees, from a subcommand or a console command alike: what went wrong
/// and what to do instead, and the status it ends a command (or a console script) with.
struct UserError: Error, CustomStringConvertible {
  var description: String
  var exitCode: ExitCode

  init(_ description: String, exitCode: ExitCode = ExitStatus.invalid) {
    self.description = description
    self.exitCode = exitCode
  }

  /// The command was wrong: unknown name, missing argument, nothing loaded yet (exit 2).
  static func usage(_ message: String) -> UserError { UserError(message, exitCode: ExitStatus.invalid) }

  /// The command was right but did not succeed: a step failed, a node did not answer (exit 1).
  static func failure(_ message: String) -> UserError { UserError(message, exitCode: ExitStatus.failure) }
}

extension UserError {
  /// Prints the message on stderr and returns the status to exit with.
  func report() -> ExitCode {
    StandardStreams.error(description)
    return exitCode
  }
}
