import ArgumentParser

/// `lifeline lab`: a simulated Proxmox VE cluster on real OpenSSH servers, for trying runbooks.
struct LabCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lab",
    abstract: "Run a simulated Proxmox VE cluster on local OpenSSH servers.",
    discussion: """
      Starts one sshd per node on its own loopback address (127.77.0.1, .2, …), each in namespaces \
      of its own with its own hostname and /etc, and writes an inventory for them. pvecm, ha-manager, \
      pvesh, pvesm, corosync-cfgtool, systemctl, journalctl, ifreload, qm and pct are simulated \
      against one shared cluster state; faults are injected with 'lab fail'. See docs/lab.md.

      The lab directory is --dir, else $LIFELINE_LAB_DIR, else ./lab.
      """,
    subcommands: [
      LabUpCommand.self, LabStatusCommand.self, LabFailCommand.self, LabHealCommand.self, LabDownCommand.self,
      LabSimCommand.self,
    ]
  )
}
