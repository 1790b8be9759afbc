import ArgumentParser
import Foundation
import LifelineCore
import LifelineLineEditor
import LifelineSystem

struct ReplCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl",
    abstract: "The interactive console (the default when no command is given).",
    discussion: """
      Load a runbook, run it step by step or to its end, answer its questions inline, run \
      ad-hoc commands, take notes; everything goes into one transcript per session, and the \
      report is written next to it when the session ends. Type help inside for the commands.

      History: $LIFELINE_HISTORY, else $XDG_STATE_HOME/lifeline/history (mode 0600); \
      LIFELINE_HISTORY=/dev/null keeps none. Secrets never enter it.

      When stdin is not a terminal, commands are read line by line (answers to confirmations \
      and questions are the lines that follow), nothing is prompted, and the first command \
      that fails ends the session: lifeline < drill.txt

      Exit status: 0 every command succeeded (always, on a terminal); 1 a command failed; \
      2 an unknown command, bad arguments, or an invalid runbook or inventory; 130 Ctrl-C \
      while reading a script.
      """
  )

  @OptionGroup var locations: SessionLocations

  func run() async throws {
    let inventory: Inventory
    let hasInventory: Bool
    do {
      if let file = try InventoryLocator.locate(locations.inventory) {
        inventory = try InventoryLocator.load(file)
        hasInventory = true
      } else {
        inventory = Inventory(cluster: "lifeline", nodes: [])
        hasInventory = false
      }
    } catch {
      throw error.asExit()
    }

    UTF8Locale.ensure()
    let style = Style.stdout
    let isTerminal = isatty(STDIN_FILENO) == 1
    let input: any ReplInput =
      isTerminal ? TerminalInput(historyFile: HistoryLocation.file, style: style) : PipedInput()
    let interrupts = InterruptRouter()
    InterruptSignal.install { interrupts.interrupt() }
    defer { InterruptSignal.uninstall() }

    let recorder = SessionRecorder(
      folderOption: locations.transcripts,
      sessionInfo: .init(
        toolVersion: Version.number, operatorName: OperatorIdentity.user, hostName: OperatorIdentity.host,
        cluster: inventory.cluster, inventoryFile: inventory.file, runbook: nil, runbookFile: nil,
        runbookSHA256: nil, parameters: [], mode: "repl"))
    let timer = ElapsedTimer(enabled: isTerminal && Terminal.isInteractive(STDERR_FILENO), style: style)
    let executor = Executors.make(
      inventory: inventory, passphrase: ConsolePassphrase.provider(input: input, timer: timer))
    let session = ReplSession(
      inventory: inventory, hasInventory: hasInventory, executor: RedactingExecutor(base: executor), input: input,
      interrupts: interrupts,
      recorder: recorder, timer: timer, style: style)
    let status = await ReplLoop(session: session).run()
    await executor.shutdown()
    if status != 0 { throw ExitCode(status) }
  }
}
