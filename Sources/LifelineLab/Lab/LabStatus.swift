import Foundation

/// Everything `lab status` reports: nodes, quorum, HA, shared storage.
public struct LabStatus: Sendable {
  public var directory: String
  public var mode: LabMode
  public var timeScale: Double
  public var cluster: String
  public var nodes: [LabNodeStatus]
  public var master: String?
  /// `ct:100 (proxmox2, started)` for each HA service.
  public var services: [String]
  public var sharedStoragePercent: Double
  public var storageFull: Bool

  /// The text `lifeline lab status` prints.
  public var rendered: String {
    var lines = [
      "Lab \(directory) (\(mode.rawValue) mode, time scale \(timeScale)), cluster \(cluster)",
      "",
    ]
    let header = ["NODE", "ADDRESS", "SSHD", "POWER", "FAULTS", "QUORUM", "HA", "GUESTS"]
    var rows = [header]
    for node in nodes {
      let quorum =
        node.members.isEmpty
        ? "no corosync"
        : "\(node.votes)/\(node.expectedVotes) votes, \(node.quorate ? "quorate" : "not quorate")"
          + (node.members.count == 1 && nodes.count > 1 ? " (alone)" : "")
      rows.append([
        node.name, "\(node.address):\(node.port)", node.pid.map { "pid \($0) \(node.sshd)" } ?? node.sshd, node.power,
        node.faults.isEmpty ? "-" : node.faults.map(\.rawValue).joined(separator: ","), quorum, node.haState,
        "\(node.guestsRunning)/\(node.guests) running",
      ])
    }
    let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    lines += rows.map { row in
      row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    lines.append("")
    lines.append("HA master: \(master ?? "none"); services: \(services.joined(separator: ", "))")
    lines.append(
      "\(Seed.sharedStorage): \(String(format: "%.2f", sharedStoragePercent)) % used\(storageFull ? " (storage-full fault: old backups to prune)" : "")"
    )
    return lines.joined(separator: "\n") + "\n"
  }
}
