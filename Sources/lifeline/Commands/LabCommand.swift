import ArgumentParser
import Foundation

/// `lifeline lab ARGS`: runs `lifeline-lab ARGS`, the lab's own program, from the directory of
/// this binary, so that the product does not carry the simulator. Its own `--help` is turned
/// off, so `lifeline lab --help` shows the lab's.
struct LabCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lab",
    abstract: "Run a simulated Proxmox VE cluster on local OpenSSH servers.",
    discussion: """
      Runs lifeline-lab, installed next to lifeline by a source build: 'lifeline lab up|status|fail|heal|down', \
      'lifeline lab --help' for the lab's own help. See docs/lab.md.
      """,
    helpNames: []
  )

  @Argument(parsing: .captureForPassthrough, help: "The lab's subcommand and its arguments.")
  var arguments: [String] = []

  func run() throws {
    let lifeline = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    let lab = URL(fileURLWithPath: lifeline).deletingLastPathComponent().appendingPathComponent("lifeline-lab").path
    guard FileManager.default.isExecutableFile(atPath: lab) else {
      throw UserError.failure(
        "the lab is a program of its own, lifeline-lab, and there is none next to \(lifeline): "
          + "build it from the source (swift build builds both; see docs/lab.md). The Debian package leaves the lab out."
      )
    }
    let argv = ([lab] + arguments).map { strdup($0) } + [nil]
    execv(lab, argv)
    throw UserError.failure("cannot run \(lab): \(String(cString: strerror(errno)))")
  }
}
