import ArgumentParser
import LifelineLab

extension FaultMode: ExpressibleByArgument {}

/// `lifeline lab fail NODE --mode MODE [--percent P]`.
struct LabFailCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fail",
    abstract: "Inject a fault into a node ('all' for every node).",
    discussion: """
      Modes: down (sshd stopped, connection refused), hang (sshd frozen, connects time out), \
      network (the 'source /etc/network/interfaces.d/*' line removed, cluster link down), \
      link0, link1 (the cable of that corosync link pulled: its lanN down, the configuration intact; \
      link1 needs 'lab up --links 2'), packet-loss (--percent of the node's corosync packets dropped \
      on every link, both ways), corosync (corosync.service failed), storage-full (TrueNas_NVMe filled to --percent with old \
      backups; cluster-wide, the node name is ignored), no-watchdog (WATCHDOG_MODULE unset, softdog).
      """
  )

  @OptionGroup var directory: LabDirectoryOptions

  @Argument(help: "The node, or 'all'.")
  var node: String

  @Option(help: "The fault: \(FaultMode.allCases.map(\.rawValue).joined(separator: ", ")).")
  var mode: FaultMode

  @Option(help: "How full storage-full makes TrueNas_NVMe, or how many packets packet-loss drops, in percent.")
  var percent: Double?

  func run() throws {
    print(try directory.lab.fail(node: node, mode: mode, percent: percent))
  }
}
