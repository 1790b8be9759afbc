import ArgumentParser
import LifelineLab

/// `lifeline lab heal NODE [--mode MODE]`.
struct LabHealCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "heal",
    abstract: "Heal one fault of a node, or all of its faults (and storage-full) without --mode."
  )

  @OptionGroup var directory: LabDirectoryOptions

  @Argument(help: "The node, or 'all'.")
  var node: String

  @Option(help: "The fault to heal (default: all).")
  var mode: FaultMode?

  func run() throws {
    print(try directory.lab.heal(node: node, mode: mode))
  }
}
