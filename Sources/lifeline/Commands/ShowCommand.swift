import ArgumentParser
import LifelineCore

struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print a runbook as a Markdown procedure with its flowchart.",
    discussion: "The output can be followed on paper: steps, commands, branches, and a Mermaid flowchart."
  )

  @Argument(help: "A runbook name (from the runbooks folders) or a path to a runbook file.")
  var runbook: String

  func run() throws {
    do {
      let loaded = try RunbookLibrary.standard.load(runbook)
      StandardStreams.out(ProcedureRenderer.markdown(loaded.runbook))
    } catch {
      throw error.asExit()
    }
  }
}
