import LifelineCore

/// One command on an open session: a channel of its own, `echo $$; COMMAND` in the user's login
/// shell, both streams delivered as they arrive, and the command's whole process group stopped
/// on timeout or cancel.
///
/// Closing a channel does not stop a command that has no terminal, and sshd ignores signal
/// requests for root sessions, so stopping means `kill` on a second channel (``ProcessGroupKill``).
/// Every wait is at most ``checkInterval``, so a cancel is noticed within that interval.
struct RemoteCommand {
  static let checkInterval: Duration = .milliseconds(50)
  /// How long a login shell may take to start, beyond the termination grace, before a stop
  /// gives up on it: bash sources the user's `.bashrc` even for a command, and some are slow.
  static let shellStartAllowance: Duration = .seconds(10)

  var command: String
  var limit: Duration
  var terminationGrace: Duration
  var cancellation: CancellationFlag
  var events: @Sendable (ExecutionEvent) -> Void

  enum Ending {
    /// No channel could be opened, so nothing ran; a new connection may try again.
    case notStarted(detail: String)
    case finished(CommandOutcome)
  }

  func run(on session: SSHSession) -> Ending {
    guard let channel = SSHChannel(on: session) else { return .notStarted(detail: session.failureDetail) }
    guard channel.exec("echo $$; " + command) else {
      guard session.isConnected else { return .finished(.failed(.connectionLost(detail: session.failureDetail))) }
      return .finished(.failed(.other("the node refused to run the command: \(session.lastError)")))
    }
    var output = ChannelOutput(channel: channel, events: events)
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while true {
      let progress = output.pump()
      if progress == .failed || !session.isConnected {
        return .finished(.failed(.connectionLost(detail: session.failureDetail)))
      }
      if channel.isFinished { break }
      var stopReason: ExecutionFailure?
      if cancellation.isCancelled { stopReason = .cancelled }
      if clock.now >= deadline { stopReason = .timeout(limit) }
      if let stopReason {
        guard stop(channel, output: &output, on: session) else {
          // Nothing could reach the node to end the command: say so rather than claim it stopped.
          if case .timeout(let limit) = stopReason { return .finished(.failed(.timedOutUnstopped(limit))) }
          return .finished(
            .failed(
              .connectionLost(
                detail: "cancelled, but the node stopped answering: the command may still be running there")))
        }
        return .finished(.failed(stopReason))
      }
      if progress == .idle { session.waitForTraffic(upTo: min(deadline - clock.now, Self.checkInterval)) }
    }
    output.finish()
    return .finished(channel.outcome)
  }

  /// Kills the command's process group and waits, within a bound, for its channel to end.
  /// False when the kill could not be sent or the command did not end: it may still run.
  private func stop(_ channel: SSHChannel, output: inout ChannelOutput, on session: SSHSession) -> Bool {
    let clock = ContinuousClock()
    // The group's line comes once the login shell has started; a command stopped at once may
    // not have sent it yet.
    let lineDeadline = clock.now + terminationGrace + Self.shellStartAllowance
    while output.processGroup == nil, !channel.isFinished, session.isConnected, clock.now < lineDeadline {
      if output.pump() != .delivered { session.waitForTraffic(upTo: Self.checkInterval) }
    }
    if channel.isFinished { return true }
    guard let group = output.processGroup, session.isConnected else { return false }
    let kill = ProcessGroupKill(group: group, grace: terminationGrace)
    guard let killer = SSHChannel(on: session), killer.exec(kill.script) else { return false }
    var discarded = [UInt8](repeating: 0, count: 4096)
    let giveUp = clock.now + kill.longestRun
    while !(killer.isFinished && channel.isFinished), session.isConnected, clock.now < giveUp {
      let killerSpoke = [StandardStream.stdout, .stderr].contains { killer.read(into: &discarded, from: $0) > 0 }
      if output.pump() != .delivered, !killerSpoke { session.waitForTraffic(upTo: Self.checkInterval) }
    }
    return channel.isFinished
  }
}
