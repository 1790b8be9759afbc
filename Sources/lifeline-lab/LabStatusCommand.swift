import ArgumentParser
import LifelineLab

/// `lifeline lab status`: each node's sshd, faults, votes and quorum.
struct LabStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show each node's sshd, faults, votes and quorum, the HA services and shared storage."
  )

  @OptionGroup var directory: LabDirectoryOptions

  func run() throws {
    print(try directory.lab.status().rendered, terminator: "")
  }
}
