/// Right-aligned columns, as the Proxmox and corosync tools print their tables.
enum TextColumns {
  static func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }
}
