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
  var timeout: String = "5m"

  func validate() throws {
    if command.isEmpty {
      throw ValidationError("give the command after --, as in: lifeline exec proxmox2 -- pvecm status")
    }
    if DurationText.parse(timeout) == nil { throw ValidationError("--timeout takes a duration such as 30s or 5m") }
  }

  func run() async throws {
    do {
      throw try await execute()
    } catch let error as UserError {
      throw error.asExit()
    }
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
    let folder = try TranscriptLocation.folder(locations.transcripts)
    let transcript = try TranscriptLocation.newFile(
      in: folder, runbook: "exec", subject: node, redactor: Redactor(secrets: []))
    let printer = ProgressPrinter(style: .stdout)
    do {
      try transcript.record(
        .sessionStart(
          .init(
            toolVersion: Version.number, operatorName: OperatorIdentity.user, hostName: OperatorIdentity.host,
            cluster: inventory.cluster, inventoryFile: inventory.file, runbook: nil, runbookFile: nil,
            runbookSHA256: nil,
            parameters: [], mode: "exec")))
      try transcript.record(.execStart(node: node, command: text))
    } catch {
      throw UserError(error.description, exitCode: ExitStatus.failure)
    }
    let executor = Executors.make(inventory: inventory)
    let canceller = StepCanceller()
    let interrupts = InterruptHandler(canceller: canceller)
    let result = await AdHocCommand.run(
      text, on: target, timeout: DurationText.parse(timeout)!, executor: executor, recorder: transcript,
      canceller: canceller, printer: printer)
    interrupts.stop()
    let outcome: Outcome
    switch result.outcome {
    case .exited(0): outcome = .succeeded
    case .failed(.cancelled): outcome = .cancelled(stepID: nil)
    default: outcome = .failed(stepID: nil, reason: AdHocCommand.describe(result.outcome))
    }
    if (try? transcript.record(.sessionEnd(outcome, reason: AdHocCommand.describe(result.outcome)))) != nil {
      await RecordSeal.close(transcript, inventory: inventory, executor: executor)
    }
    await executor.shutdown()
    StandardStreams.out(
      printer.styled(
        result.outcome == .exited(0) ? "ok" : AdHocCommand.describe(result.outcome),
        success: result.outcome == .exited(0))
        + " · transcript \(transcript.path)")
    switch result.outcome {
    case .exited(let status): return ExitCode(status)
    case .failed(.cancelled): return ExitCode(130)
    default: return ExitStatus.failure
    }
  }
}
