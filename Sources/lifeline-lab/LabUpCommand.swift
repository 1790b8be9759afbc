import ArgumentParser
import Foundation
import LifelineLab

/// `lifeline lab up`: starts the lab (or says it is already running) and prints the inventory path.
struct LabUpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "up",
    abstract: "Start the lab and print the absolute path of its inventory.",
    discussion: """
      Nodes are named proxmox, proxmox2, proxmox3, proxmox4…. As root each sshd listens on port 22; \
      otherwise on port 2222 inside user namespaces, logging in as you. A lab that is already \
      running is left alone; the remains of a crashed one are cleaned up first. Progress goes to \
      stderr, the inventory path alone to stdout.
      """
  )

  @OptionGroup var directory: LabDirectoryOptions

  @Option(help: "Number of nodes.")
  var nodes: Int = 3

  @Option(
    name: .customLong("time-scale"), help: "Multiplier for HA delays: 1 = real time, 0.01 = minutes in about a second.")
  var timeScale: Double = 1

  @Option(name: .customLong("first-address"), help: "Loopback address of the first node; the others count up.")
  var firstAddress: String = "127.77.0.1"

  @Option(help: "sshd port (default: 22 as root, 2222 otherwise).")
  var port: Int?

  @Flag(help: "Install a simulated ipmitool on the nodes (absent otherwise).")
  var ipmi = false

  @Flag(
    name: .customLong("no-ha"),
    help:
      "A cluster where HA was never configured: no HA resource, no CRM master (ha-manager status shows only quorum).")
  var noHA = false

  @Option(help: "corosync links per node: 1, or 2 for a second network (ring1_addr on 10.20.20.0/24).")
  var links: Int = 1

  @Flag(
    help:
      "Add a QDevice: corosync-qnetd at the NAS's address (.98), corosync-qdevice on every node, set up as pvecm qdevice setup does."
  )
  var qdevice = false

  func run() throws {
    let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    let options = LabUpOptions(
      nodeCount: nodes, timeScale: timeScale, firstAddress: firstAddress, port: port,
      simulator: [executable, "sim"], ipmi: ipmi, ha: !noHA, links: links, qdevice: qdevice)
    let outcome = try directory.lab.up(options)
    var notes: [String] = []
    if outcome.alreadyRunning {
      notes.append("lab already running in \(directory.lab.layout.root) — nothing to do")
    } else {
      if outcome.cleanedUpCrashedLab { notes.append("cleaned up the remains of a crashed lab") }
      notes.append("lab up in \(directory.lab.layout.root)")
    }
    notes.append("mode: \(outcome.mode.explanation)")
    notes.append("timing: \(outcome.corosyncTiming)")
    for node in outcome.nodes {
      notes.append("  \(node.name)  \(node.address):\(node.port)  sshd pid \(node.pid.map(String.init) ?? "-")")
    }
    let second = outcome.nodes.dropFirst().first ?? outcome.nodes[0]
    let portOption = second.port == 22 ? "" : " -p \(second.port)"
    notes.append(
      "try: ssh -i \(outcome.clientKey) -o UserKnownHostsFile=\(outcome.knownHosts)\(portOption) \(outcome.user)@\(second.address) pvecm status"
    )
    FileHandle.standardError.write((notes.joined(separator: "\n") + "\n").data(using: .utf8) ?? Data())
    print(outcome.inventory)
  }
}
