import LifelineCore

/// What the operator sees of a command as it runs: decorated for a person reading a terminal
/// (``ProgressPrinter``), or the command's own bytes for a program reading a pipe
/// (``PipedOutput``).
protocol ProgressDisplay: Sendable {
  func show(_ progress: RunProgress)
  /// Shows what is still held back (an unfinished line), once the command has ended.
  func flushOutput()
}
