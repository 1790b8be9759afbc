import ArgumentParser
import Foundation
import LifelineLab

/// `lifeline-lab sim --state DIR --node NODE -- COMMAND…`: what the simulated commands on the lab
/// nodes exec. Hidden: operators never call it themselves.
struct LabSimCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sim",
    abstract: "Run one simulated Proxmox command as a lab node.",
    shouldDisplay: false
  )

  @Option(help: "The lab directory.")
  var state: String

  @Option(help: "The node the command runs on.")
  var node: String

  @Argument(parsing: .postTerminator, help: "The command and its arguments.")
  var command: [String] = []

  func run() throws {
    let result = LabSimulator.run(labDirectory: state, node: node, command: command)
    FileHandle.standardOutput.write(result.stdout.data(using: .utf8) ?? Data())
    FileHandle.standardError.write(result.stderr.data(using: .utf8) ?? Data())
    if result.status != 0 { throw ExitCode(result.status) }
  }
}
