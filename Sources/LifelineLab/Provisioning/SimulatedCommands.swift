import Foundation

/// The wrappers in each node's /usr/local/sbin: each execs the lifeline binary's hidden
/// `lab sim` with the node's name, so all simulation logic stays in Swift.
enum SimulatedCommands {
  static let names = [
    "pvecm", "pvesh", "pvesm", "ha-manager", "corosync-cfgtool", "corosync-quorumtool", "systemctl", "ifreload",
    "journalctl", "qm", "pct", "lsmod", "modinfo", "ip", "pveversion", "reboot", "poweroff", "halt", "shutdown",
  ]

  static func wrapper(command: String, simulator: [String], lab: LabLayout, node: String) -> String {
    let q = ShellQuote.quote
    let program = simulator.map(q).joined(separator: " ")
    return "#!/bin/sh\nexec \(program) --state \(q(lab.root)) --node \(q(node)) -- \(q(command)) \"$@\"\n"
  }

  static func install(in node: NodeLayout, simulator: [String], lab: LabLayout, ipmi: Bool) throws {
    try FileManager.default.createDirectory(atPath: node.bin, withIntermediateDirectories: true)
    for command in names + (ipmi ? ["ipmitool"] : []) {
      let path = node.bin + "/" + command
      try wrapper(command: command, simulator: simulator, lab: lab, node: node.name)
        .write(toFile: path, atomically: false, encoding: .utf8)
      chmod(path, 0o755)
    }
  }
}
