import ArgumentParser

/// How a console command ended.
enum ReplCommandResult: Equatable {
  case succeeded
  /// It did its work, and the work failed (a runbook that aborted, a command that exited 1);
  /// the reason is already on the screen.
  case failed
  /// It was refused, with this exit status (see ``UserError``); the error is on the screen.
  case rejected(ExitCode)
  /// Ctrl-C stopped it.
  case interrupted
  case quit

  /// The status a script ends with after this result, or nil to go on.
  var exitStatus: Int32? {
    switch self {
    case .succeeded, .quit: nil
    case .failed: 1
    case .rejected(let status): status.rawValue
    case .interrupted: 130
    }
  }
}
