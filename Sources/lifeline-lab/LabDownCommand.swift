import ArgumentParser
import LifelineLab

/// `lifeline lab down`: stops everything the lab started and removes its files.
struct LabDownCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "down",
    abstract: "Stop every process the lab started (by PID) and remove the lab's files."
  )

  @OptionGroup var directory: LabDirectoryOptions

  func run() throws {
    let stopped = try directory.lab.down()
    print(
      "lab down: stopped \(stopped.count) process\(stopped.count == 1 ? "" : "es"), removed \(directory.lab.layout.root)"
    )
  }
}
