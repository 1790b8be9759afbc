import LifelineCore

/// Decodes a `waitpid` status; the `WIFEXITED` family are C macros that Swift does not import.
enum ProcessExitStatus {
  static func outcome(of status: Int32) -> CommandOutcome {
    let signal = status & 0x7f
    if signal == 0 { return .exited((status >> 8) & 0xff) }
    return .signaled(ProcessSignalName.name(of: signal))
  }
}
