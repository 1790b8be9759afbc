import Foundation

/// The wrappers in each node's /usr/local/sbin: each simulated command execs the lifeline-lab
/// binary's hidden `sim` with the node's name, so all simulation logic stays in Swift; each of
/// corosync's tools execs the real one in the node's network namespace, where its corosync is.
enum SimulatedCommands {
  static let names = [
    "pvecm", "pvesh", "pvesm", "ha-manager", "systemctl", "ifreload", "journalctl", "logger", "qm", "pct", "lsmod",
    "modinfo", "ip", "pveversion", "reboot", "poweroff", "halt", "shutdown",
  ]
  static let corosyncTools = ["corosync-quorumtool", "corosync-cfgtool", "corosync-cmapctl"]

  static func corosyncToolWrapper(_ tool: String, lab: LabLayout, node: String) -> String {
    let q = ShellQuote.quote
    let namespace = q(lab.networkNamespace(node))
    return "#!/bin/sh\nexec \(CorosyncProcess.nsenter) --net=\(namespace) -- \(q("/usr/sbin/" + tool)) \"$@\"\n"
  }

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
    for tool in corosyncTools {
      let path = node.bin + "/" + tool
      try corosyncToolWrapper(tool, lab: lab, node: node.name).write(toFile: path, atomically: false, encoding: .utf8)
      chmod(path, 0o755)
    }
  }
}
