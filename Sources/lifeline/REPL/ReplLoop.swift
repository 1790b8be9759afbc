import LifelineCore
import LifelineLineEditor

/// The read-eval loop, the same for a person at a terminal and for a script on stdin.
///
/// On a terminal, a failed command is reported and the prompt comes back. From a script,
/// the first failed command ends the session (like `set -e`): a later line may assume that
/// the earlier ones worked. Exit status: 0 all commands succeeded, 1 one failed, 2 one was
/// wrong (unknown command, bad arguments, unknown runbook), 130 Ctrl-C.
struct ReplLoop {
  let session: ReplSession

  func run() async -> Int32 {
    let input = session.input
    if input.isTerminal { banner() }
    var status: Int32 = 0
    var reason = input.isTerminal ? "the operator ended the session" : "the script ended"
    reading: while true {
      switch await input.readCommand(prompt: session.prompt, completion: session.completionContext) {
      case .endOfInput:
        // Ctrl-D leaves the cursor after the prompt; what follows starts on a line of its own.
        if input.isTerminal { session.output.say("") }
        break reading
      case .interrupted:
        if input.isTerminal { continue reading }
        (status, reason) = (130, "interrupted")
        break reading
      case .line(let line):
        let lineNumber = input.linesRead
        let result = await perform(line, lineNumber: lineNumber)
        if input.isTerminal,
          let entry = ConsoleHistoryPolicy.entry(
            for: line, secretParameters: session.secretParameters, redactor: session.session.mask.redactor)
        {
          await input.remember(entry)
        }
        if case .quit = result { break reading }
        if !input.isTerminal, let failure = result.exitStatus {
          (status, reason) = (failure, "the script stopped at its line \(lineNumber), which failed")
          break reading
        }
        if !input.isTerminal, session.interrupts.takePresses() > 0 {
          (status, reason) = (130, "interrupted")
          break reading
        }
      }
    }
    await session.finish(reason: reason)
    return status
  }

  private func perform(_ line: String, lineNumber: Int) async -> ReplCommandResult {
    let command: ConsoleCommand
    do {
      guard let parsed = try ConsoleParser.parse(line) else { return .succeeded }
      command = parsed
    } catch {
      session.output.error(error.description, line: lineNumber)
      return .rejected(ExitStatus.invalid)
    }
    do {
      return try await session.perform(command)
    } catch {
      session.output.error(error.description, line: lineNumber)
      return .rejected(error.exitCode)
    }
  }

  private func banner() {
    let output = session.output
    let inventory = session.inventory
    if session.hasInventory {
      let from = inventory.file.map { " from \($0)" } ?? ""
      output.say(
        "Lifeline \(Version.number) · \(output.style.bold(inventory.cluster)) (\(inventory.nodes.count) nodes\(from))")
    } else {
      output.say(
        "Lifeline \(Version.number) · no inventory found (\(InventoryLocator.searchOrder.joined(separator: ", ")))")
      output.hint("Local steps work; nodes need an inventory: start with --inventory FILE.")
    }
    output.hint("Type help for commands, Tab to complete, Ctrl-C to cancel, Ctrl-D to quit.")
  }
}
