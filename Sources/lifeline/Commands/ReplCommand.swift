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

  @Option(
    help: ArgumentHelp("Start with this runbook loaded, as the console's load command would.", valueName: "RUNBOOK"))
  var load: String?

  @Option(help: "With --load: the node the runbook is about (its 'node' parameter).")
  var node: String?

  @Option(name: .customLong("set"), help: ArgumentHelp("With --load: set a parameter.", valueName: "KEY=VALUE"))
  var settings: [KeyValue] = []

  func validate() throws {
    if load == nil, node != nil || !settings.isEmpty { throw ValidationError("--node and --set go with --load") }
  }

  func run() async throws {
    let inventory: Inventory
    let hasInventory: Bool
    if let file = try InventoryLocator.locate(locations.inventory) {
      inventory = try InventoryLocator.load(file)
      hasInventory = true
    } else {
      inventory = Inventory(cluster: "lifeline", nodes: [])
      hasInventory = false
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
      sessionInfo: .starting("repl", inventory: inventory))
    let timer = ElapsedTimer(enabled: isTerminal && Terminal.isInteractive(STDERR_FILENO), style: style)
    let shared = Session(
      inventory: inventory, recorder: recorder, passphrase: ConsolePassphrase.provider(input: input, timer: timer))
    let session = ReplSession(
      session: shared, hasInventory: hasInventory, input: input, interrupts: interrupts, timer: timer, style: style)
    if let load {
      var parameters = settings.map { ParameterAssignment(name: $0.key, value: $0.value) }
      if let node { parameters.insert(ParameterAssignment(name: "node", value: node), at: 0) }
      do {
        _ = try await session.perform(.load(reference: load, parameters: parameters))
      } catch {
        session.output.error(error.description, line: nil)
        await shared.shutdown()
        throw error.exitCode
      }
    }
    let status = await ReplLoop(session: session).run()
    await shared.shutdown()
    if status != 0 { throw ExitCode(status) }
  }
}
