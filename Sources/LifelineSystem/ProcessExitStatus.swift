import LifelineCore

/// Decodes a `waitpid` status; the `WIFEXITED` family are C macros that Swift does not import.
public enum ProcessExitStatus {
  public static func outcome(of status: Int32) -> CommandOutcome {
    let signal = status & 0x7f
    if signal == 0 { return .exited((status >> 8) & 0xff) }
    return .signaled(ProcessSignalName.name(of: signal))
  }

  /// The status as a shell reports it: the exit code, or 128 + the signal that ended it.
  public static func shellStatus(of status: Int32) -> Int32 {
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }
}
