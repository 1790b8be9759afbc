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
      its output and its exit status are recorded like a runbook session. Exit status: the \
      command's own, or 1 when it could not run.
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
    let printer = ProgressPrinter(style: .stdout, mask: session.mask)
    do {
      try transcript.record(.execStart(node: node, command: text))
    } catch {
      throw UserError.failure(error.description)
    }
    let canceller = StepCanceller()
    let interrupts = InterruptHandler(canceller: canceller)
    let result = await AdHocCommand.run(
      text, on: target, timeout: timeout.duration, executor: session.executor, recorder: transcript,
      canceller: canceller, printer: printer)
    interrupts.stop()
    let outcome: Outcome
    switch result.outcome {
    case .exited(0): outcome = .succeeded
    case .failed(.cancelled): outcome = .cancelled(stepID: nil)
    default: outcome = .failed(stepID: nil, reason: AdHocCommand.describe(result.outcome))
    }
    try? await session.end(outcome, reason: AdHocCommand.describe(result.outcome))
    await session.shutdown()
    StandardStreams.out(
      printer.styled(
        result.outcome == .exited(0) ? "ok" : AdHocCommand.describe(result.outcome),
        success: result.outcome == .exited(0))
        + " · transcript \(transcript.status?.path ?? "(not written)")")
    switch result.outcome {
    case .exited(let status): return ExitCode(status)
    case .failed(.cancelled): return ExitStatus.cancelled
    default: return ExitStatus.failure
    }
  }
}
