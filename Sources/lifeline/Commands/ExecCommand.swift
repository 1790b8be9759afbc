import ArgumentParser
import Foundation
import LifelineCore
import LifelineSSH
import LifelineSystem

struct ExecCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exec",
    abstract: "Run one ad-hoc command on a node, recorded in a transcript.",
    discussion: """
      Uses the same executor as runbooks: strict host keys, timeouts, live output. The command, \
      its output and its exit status are recorded like a runbook session.

      On a terminal the output is shown indented, between Lifeline's lines. When stdout is not \
      a terminal, exec behaves like ssh: the command's stdout goes to stdout byte for byte and \
      its stderr to stderr, Lifeline's own lines go to stderr, so `lifeline exec pve1 -- cat \
      /etc/pve/corosync.conf > copy` copies the file. Secrets are masked there too, as \
      everywhere: secret values and credentials (password=…, token=…) become ‹redacted›.

      Exit status: the command's own; 1 when it could not run; 130 Ctrl-C; 141 the program \
      reading the pipe closed it while output still came (| head -1), which stops the command \
      and is recorded as failed.
      """
  )

  @Argument(help: "The node, as the inventory names it, or 'local'.")
  var node: String

  @Argument(parsing: .postTerminator, help: "The command, after --.")
  var command: [String] = []

  @OptionGroup var locations: SessionLocations

  @Option(help: ArgumentHelp("Stop the command after this long.", valueName: "DURATION"))
  var timeout = DurationArgument(.seconds(300))

  func validate() throws {
    if command.isEmpty {
      throw ValidationError("give the command after --, as in: lifeline exec proxmox2 -- pvecm status")
    }
  }

  func run() async throws {
    throw try await execute()
  }

  private func execute() async throws -> ExitCode {
    let inventory = try InventoryLocator.load(locations.inventory)
    let target: ExecutionTarget = node == "local" ? .local : .node(node)
    if node != "local", inventory.node(named: node) == nil {
      throw UserError(
        "unknown node '\(node)'\(Suggestion.didYouMean(node, in: inventory.nodeNames)): the inventory has \(inventory.nodeNames.joined(separator: ", "))"
      )
    }
    let text = command.joined(separator: " ")
    let session = Session(
      inventory: inventory,
      recorder: SessionRecorder(
        folderOption: locations.transcripts,
        sessionInfo: .starting("exec", inventory: inventory)))
    let transcript = session.recorder
    transcript.nameFile(runbook: "exec", subject: node)
    do {
      try transcript.record(.execStart(node: node, command: text))
    } catch {
      throw UserError.failure(error.description)
    }
    let canceller = StepCanceller()
    let (display, printer, piped) = Self.display(mask: session.mask, canceller: canceller)
    let interrupts = InterruptHandler(canceller: canceller)
    let result = await AdHocCommand.run(
      text, on: target, timeout: timeout.duration, executor: session.executor, recorder: transcript,
      canceller: canceller, display: display)
    interrupts.stop()
    let stdoutFailure = piped?.writeFailure
    let description = stdoutFailure.map(Self.describe(stdoutFailure:)) ?? AdHocCommand.describe(result.outcome)
    let outcome: Outcome
    switch (stdoutFailure, result.outcome) {
    case (nil, .exited(0)): outcome = .succeeded
    case (nil, .failed(.cancelled)): outcome = .cancelled(stepID: nil)
    default: outcome = .failed(stepID: nil, reason: description)
    }
    try? await session.end(outcome, reason: description, saying: piped == nil ? STDOUT_FILENO : STDERR_FILENO)
    await session.shutdown()
    printer.say(
      printer.styled(outcome == .succeeded ? "ok" : session.mask.shown(description), success: outcome == .succeeded)
        + " · transcript \(transcript.status?.path ?? "(not written)")")
    switch (stdoutFailure, result.outcome) {
    case (EPIPE?, _): return ExitStatus.brokenPipe
    case (_?, _): return ExitStatus.failure
    case (nil, .exited(let status)): return ExitCode(status)
    case (nil, .failed(.cancelled)): return ExitStatus.cancelled
    default: return ExitStatus.failure
    }
  }

  /// On a terminal, the decorated view a person reads; otherwise the command's own output,
  /// as ssh gives it, with Lifeline's lines on stderr. A pipe's reader that goes away cancels
  /// the command: SIGPIPE is ignored so that the run ends recorded, not killed.
  private static func display(
    mask: SecretMask, canceller: StepCanceller
  ) -> (any ProgressDisplay, ProgressPrinter, PipedOutput?) {
    guard isatty(STDOUT_FILENO) == 0 else {
      let printer = ProgressPrinter(style: .stdout, mask: mask)
      return (printer, printer, nil)
    }
    signal(SIGPIPE, SIG_IGN)
    let piped = PipedOutput(mask: mask, stopped: { canceller.cancel() })
    return (piped, piped.messages, piped)
  }

  private static func describe(stdoutFailure code: Int32) -> String {
    code == EPIPE
      ? "broken pipe: the program reading stdout closed it, so the command was stopped"
      : "cannot write to stdout (\(String(cString: strerror(code)))), so the command was stopped"
  }
}
