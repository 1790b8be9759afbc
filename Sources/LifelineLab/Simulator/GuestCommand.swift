import Foundation

/// `qm list|status|config` and `pct list|status|config` for the guests on the local node.
enum GuestCommand {
  static func run(_ kind: Guest.Kind, _ arguments: [String], state: inout ClusterState, context: SimulationContext)
    -> SimulationResult
  {
    let words = arguments.filter { !$0.hasPrefix("-") }
    let tool = kind == .qemu ? "qm" : "pct"
    let standalone = context.node(in: state).standalone
    let local = state.guests.filter { !standalone && $0.node == context.nodeName && $0.kind == kind }
      .sorted { $0.vmid < $1.vmid }
    switch words.first ?? "" {
    case "list":
      return .output(kind == .qemu ? qmList(local) : pctList(local))
    case "status", "config":
      guard words.count == 2, let vmid = Int(words[1]) else {
        return .failure("400 not enough arguments\n\(tool) \(words[0]) <vmid>")
      }
      let directory = kind == .qemu ? "qemu-server" : "lxc"
      guard let guest = local.first(where: { $0.vmid == vmid }) else {
        return .failure("Configuration file 'nodes/\(context.nodeName)/\(directory)/\(vmid).conf' does not exist")
      }
      if words[0] == "status" { return .output("status: \(guest.running ? "running" : "stopped")\n") }
      return .output(
        context.files.read("/etc/pve/nodes/\(context.nodeName)/\(directory)/\(vmid).conf")
          ?? GuestConfig.text(for: guest))
    default:
      return .failure(
        "ERROR: unknown command '\(tool) \(arguments.joined(separator: " "))'\nUSAGE: \(tool) <COMMAND> [ARGS] [OPTIONS]"
      )
    }
  }

  private static func qmList(_ guests: [Guest]) -> String {
    var text = row(["VMID", "NAME", "STATUS", "MEM(MB)", "BOOTDISK(GB)", "PID"])
    for guest in guests {
      text += row([
        String(guest.vmid), String(guest.name.prefix(20)), guest.running ? "running" : "stopped",
        String(guest.memoryMiB),
        String(format: "%.2f", Double(guest.diskGiB)), guest.running ? String(2000 + guest.vmid * 7) : "0",
      ])
    }
    return text
  }

  /// qemu-server's `%10s %-20s %-10s %-10s %12s %-10s` row.
  private static func row(_ columns: [String]) -> String {
    TextColumns.padLeft(columns[0], 10) + " " + pad(columns[1], 20) + " " + pad(columns[2], 10) + " "
      + pad(columns[3], 10)
      + " " + TextColumns.padLeft(columns[4], 12) + " " + pad(columns[5], 10) + "\n"
  }

  private static func pctList(_ guests: [Guest]) -> String {
    func line(_ vmid: String, _ status: String, _ lock: String, _ name: String) -> String {
      pad(vmid, 10) + " " + pad(status, 10) + " " + pad(lock, 12) + " " + pad(name, 20) + "\n"
    }
    return line("VMID", "Status", "Lock", "Name")
      + guests.map { line(String($0.vmid), $0.running ? "running" : "stopped", "", $0.name) }.joined()
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text.padding(toLength: width, withPad: " ", startingAt: 0)
  }
}
