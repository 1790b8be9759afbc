import ArgumentParser
import LifelineCore

struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print a runbook as a Markdown procedure with its flowchart, or the flowchart alone as SVG.",
    discussion: """
      The Markdown can be followed on paper: steps, commands, branches, and a Mermaid flowchart. \
      --format svg prints the flowchart drawn as one SVG document, the drawing the reports use.
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case md
    case svg
  }

  @Argument(help: "A runbook name (from the runbooks folders) or a path to a runbook file.")
  var runbook: String

  @Option(help: "md (the procedure) or svg (the flowchart alone).")
  var format: Format = .md

  func run() throws {
    let loaded = try RunbookLibrary.standard.load(runbook)
    switch format {
    case .md: StandardStreams.out(SafeText.display(ProcedureRenderer.markdown(loaded.runbook)))
    case .svg: StandardStreams.out(FlowchartSVG.svg(loaded.runbook), terminator: "")
    }
  }
}
