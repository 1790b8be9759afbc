/// A vzdump archive with a standard name: `vzdump-lxc-100-2025_11_05-21_00_03.tar.zst`.
struct BackupArchive: Sendable, Equatable {
  var fileName: String
  /// `qemu` or `lxc` (or the legacy `openvz`).
  var type: String
  var vmid: Int
  /// When the backup was taken, read from the name (local time).
  var ctime: Double
  var size: Int64
  var isProtected: Bool

  /// `qemu/100`: the group pruning works on.
  var backupID: String { "\(type)/\(vmid)" }

  /// The name up to the timestamp, shared with the `.log` file.
  var logFileName: String {
    let stem = fileName.split(separator: ".", maxSplits: 1).first.map(String.init) ?? fileName
    return stem + ".log"
  }

  /// Parses a standard vzdump archive name; nil for logs, notes and anything else.
  init?(fileName: String, size: Int64, isProtected: Bool) {
    let parts = fileName.split(separator: "-", maxSplits: 3).map(String.init)
    guard parts.count == 4, parts[0] == "vzdump", ["qemu", "lxc", "openvz"].contains(parts[1]),
      let vmid = Int(parts[2])
    else { return nil }
    let rest = parts[3]
    guard let dot = rest.firstIndex(of: "."), let ctime = LocalTime.parseVzdump(String(rest[..<dot])) else {
      return nil
    }
    let extensionText = String(rest[rest.index(after: dot)...])
    let archives = ["vma", "tar", "tgz"]
    let compressions = ["", ".zst", ".gz", ".lzo", ".bz2"]
    let known = archives.flatMap { archive in compressions.map { archive + $0 } }.filter { $0 != "tgz.zst" }
    guard known.contains(extensionText) else { return nil }
    self.fileName = fileName
    self.type = parts[1]
    self.vmid = vmid
    self.ctime = ctime
    self.size = size
    self.isProtected = isProtected
  }

  /// The standard name for a new backup of a guest taken at `time`.
  static func name(kind: Guest.Kind, vmid: Int, at time: Double) -> String {
    let suffix = kind == .qemu ? "vma.zst" : "tar.zst"
    return "vzdump-\(kind.rawValue)-\(vmid)-\(LocalTime.vzdump(time)).\(suffix)"
  }

  /// `tar.zst`, `vma.zst`: the format `pvesm list` shows.
  var format: String {
    fileName.split(separator: ".", maxSplits: 1).last.map(String.init) ?? ""
  }
}
