/// A console command that could not do what it was asked, with what to do instead.
struct ReplError: Error {
  var message: String
  /// The exit status a script ends with: 2 for a wrong command, 1 for one that failed.
  var status: Int32

  /// The command was wrong: unknown name, missing argument, nothing loaded yet.
  static func usage(_ message: String) -> ReplError { ReplError(message: message, status: 2) }

  /// The command was right but did not succeed: a step failed, a node did not answer.
  static func failure(_ message: String) -> ReplError { ReplError(message: message, status: 1) }
}

/// How a console command ended.
enum ReplCommandResult: Equatable {
  case succeeded
  /// It did its work, and the work failed (a runbook that aborted, a command that exited 1);
  /// the reason is already on the screen.
  case failed
  /// It was refused, with this exit status (see ``ReplError``); the error is on the screen.
  case rejected(Int32)
  /// Ctrl-C stopped it.
  case interrupted
  case quit

  /// The status a script ends with after this result, or nil to go on.
  var exitStatus: Int32? {
    switch self {
    case .succeeded, .quit: nil
    case .failed: 1
    case .rejected(let status): status
    case .interrupted: 130
    }
  }
}
