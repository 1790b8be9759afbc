import ArgumentParser
import Foundation

/// `lifeline-lab` (also `lifeline lab`, which runs it): a simulated Proxmox VE cluster on real
/// OpenSSH servers, for trying runbooks. A program of its own, so that `lifeline` does not
/// carry the simulator.
@main
struct LifelineLabCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lifeline-lab",
    abstract: "Run a simulated Proxmox VE cluster on local OpenSSH servers.",
    discussion: """
      Starts one sshd per node on its own loopback address (127.77.0.1, .2, …), each in namespaces \
      of its own with its own hostname and /etc, and writes an inventory for them. pvecm, ha-manager, \
      pvesh, pvesm, corosync-cfgtool, systemctl, journalctl, ifreload, qm and pct are simulated \
      against one shared cluster state; faults are injected with 'lab fail'. See docs/lab.md.

      'lifeline lab ARGS' runs 'lifeline-lab ARGS' from the directory of the lifeline binary. \
      The lab directory is --dir, else $LIFELINE_LAB_DIR, else ./lab.

      Exit status: 0 done; 1 the lab could not do it; 2 usage errors.
      """,
    subcommands: [
      LabUpCommand.self, LabStatusCommand.self, LabFailCommand.self, LabHealCommand.self, LabDownCommand.self,
      LabSimCommand.self,
    ]
  )

  /// As `lifeline` does: help on stdout with 0, every error under one `error:` label, usage
  /// errors with 2 (not argument-parser's 64), and the simulator's own statuses from `sim`.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .success || error is ExitCode { exit(withError: error) }
      var text = fullMessage(for: error)
      if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
      FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
      Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
    }
  }
}
