import ArgumentParser

/// The documented exit statuses.
enum ExitStatus {
  static let success = ExitCode(0)
  /// The runbook failed, stopped, or a command failed.
  static let failure = ExitCode(1)
  /// Usage errors, invalid runbooks or inventories.
  static let invalid = ExitCode(2)
}

/// An error the user can act on, printed as it is, ending the command with a given status.
struct UserError: Error, CustomStringConvertible {
  var description: String
  var exitCode: ExitCode

  init(_ description: String, exitCode: ExitCode = ExitStatus.invalid) {
    self.description = description
    self.exitCode = exitCode
  }
}

extension UserError {
  /// Prints the message on stderr and returns the status to exit with.
  func report() -> ExitCode {
    StandardStreams.error(description)
    return exitCode
  }
}
