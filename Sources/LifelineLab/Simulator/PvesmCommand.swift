import Foundation

/// `pvesm status|list|prune-backups|free`.
enum PvesmCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    let options = CommandLineOptions(arguments, valueless: ["enabled"])
    let words = options.positional
    let storages = state.storages.filter { StorageConfig.parsed(in: context.layout).section($0.id) != nil }
    switch words.first ?? "" {
    case "status":
      return .output(
        status(
          storages.filter { options.options["storage"] == nil || $0.id == options.options["storage"] }, state: state,
          context: context))
    case "list":
      guard words.count == 2 else { return .failure("400 not enough arguments\npvesm list <storage> [OPTIONS]") }
      guard let storage = storages.first(where: { $0.id == words[1] }) else {
        return .failure("storage '\(words[1])' does not exist")
      }
      return .output(list(storage, options: options, state: state, context: context))
    case "prune-backups":
      guard words.count == 2 else {
        return .failure("400 not enough arguments\npvesm prune-backups <storage> [OPTIONS]")
      }
      guard let storage = storages.first(where: { $0.id == words[1] }) else {
        return .failure("storage '\(words[1])' does not exist")
      }
      return prune(storage, options: options, context: context)
    case "free":
      guard words.count == 2 else { return .failure("400 not enough arguments\npvesm free <volume> [OPTIONS]") }
      return free(words[1], storages: storages, context: context)
    default:
      return .failure(
        """
        ERROR: unknown command 'pvesm \(arguments.joined(separator: " "))'
        USAGE: pvesm <COMMAND> [ARGS] [OPTIONS]
               pvesm free <volume>
               pvesm list <storage> [OPTIONS]
               pvesm prune-backups <storage> [OPTIONS]
               pvesm status [OPTIONS]
        """)
    }
  }

  private static func status(_ storages: [StorageDefinition], state: ClusterState, context: SimulationContext) -> String
  {
    let width = (storages.map(\.id.count).max() ?? 4) + 1
    func row(_ columns: [String]) -> String {
      columns[0].padding(toLength: max(width, columns[0].count), withPad: " ", startingAt: 0) + " "
        + zip(columns.dropFirst(), [10, 10, 15, 15, 15, 8]).map { TextColumns.padLeft($0, $1) }.joined(separator: " ")
        + "\n"
    }
    var text = row(["Name", "Type", "Status", "Total (KiB)", "Used (KiB)", "Available (KiB)", "%"])
    let node = context.node(in: state)
    for storage in storages.sorted(by: { $0.id < $1.id }) {
      guard StorageConfig.isEnabled(storage.id, in: context.layout) else {
        text += row([storage.id, storage.type, "disabled", "0", "0", "0", "N/A"])
        continue
      }
      let used = StorageUsage.used(storage, layout: context.layout, node: node)
      let percent = String(format: "%7.2f%%", Double(used) / Double(storage.totalBytes) * 100)
      text += row([
        storage.id, storage.type, "active", String(storage.totalBytes / 1024), String(used / 1024),
        String((storage.totalBytes - used) / 1024), percent,
      ])
    }
    return text
  }

  private static func backupDirectory(_ storage: StorageDefinition, context: SimulationContext) -> BackupDirectory? {
    storage.labDirectory.map { BackupDirectory(path: context.layout.root + "/" + $0 + "/dump") }
  }

  private static func list(
    _ storage: StorageDefinition, options: CommandLineOptions, state: ClusterState, context: SimulationContext
  )
    -> String
  {
    var rows: [(volid: String, format: String, type: String, size: Int64, vmid: Int)] = []
    let content = options.options["content"]
    if content == nil || content == "backup", let directory = backupDirectory(storage, context: context) {
      rows += directory.archives().map {
        ("\(storage.id):backup/\($0.fileName)", $0.format, "backup", $0.size, $0.vmid)
      }
    }
    if content == nil || content == "images" || content == "rootdir" {
      for guest in state.guests where guest.storage == storage.id {
        let type = guest.kind == .lxc ? "rootdir" : "images"
        guard content == nil || content == type else { continue }
        let volid =
          storage.type == "nfs"
          ? "\(storage.id):\(guest.vmid)/vm-\(guest.vmid)-disk-0.raw" : "\(storage.id):vm-\(guest.vmid)-disk-0"
        rows.append((volid, "raw", type, guest.diskBytes, guest.vmid))
      }
    }
    if let vmid = options.options["vmid"].flatMap(Int.init) { rows = rows.filter { $0.vmid == vmid } }
    rows.sort { ($0.vmid, $0.volid) < ($1.vmid, $1.volid) }
    let width = max(5, rows.map(\.volid.count).max() ?? 0)
    func line(_ volid: String, _ format: String, _ type: String, _ size: String, _ vmid: String) -> String {
      volid.padding(toLength: width, withPad: " ", startingAt: 0) + " "
        + format.padding(toLength: max(7, format.count), withPad: " ", startingAt: 0)
        + " " + type.padding(toLength: max(9, type.count), withPad: " ", startingAt: 0) + " "
        + TextColumns.padLeft(size, 11)
        + " " + vmid + "\n"
    }
    return line("Volid", "Format", "Type", "Size", "VMID")
      + rows.map { line($0.volid, $0.format, $0.type, String($0.size), String($0.vmid)) }.joined()
  }

  private static func prune(_ storage: StorageDefinition, options: CommandLineOptions, context: SimulationContext)
    -> SimulationResult
  {
    guard StorageConfig.content(of: storage, in: context.layout).contains("backup"),
      let directory = backupDirectory(storage, context: context)
    else {
      return .failure("storage '\(storage.id)' does not support backups (content type 'backup' not enabled)")
    }
    var counts: [String: Int] = [:]
    for name in RetentionPolicy.optionNames {
      if let text = options.options[name] {
        guard let number = Int(text), number >= 0 else {
          return .failure(
            "400 Parameter verification failed.\nprune-backups: invalid format - \(name): type check ('integer') failed - got '\(text)'"
          )
        }
        counts[name] = number
      }
    }
    let policy =
      !counts.isEmpty || options.options["keep-all"] != nil
      ? RetentionPolicy(counts: counts, keepAll: options.isSet("keep-all"))
      : StorageConfig.retention(of: storage.id, in: context.layout) ?? RetentionPolicy(counts: [:], keepAll: true)
    var archives = directory.archives()
    if let type = options.options["type"] { archives = archives.filter { $0.type == type } }
    if let vmid = options.options["vmid"].flatMap(Int.init) { archives = archives.filter { $0.vmid == vmid } }
    let marks = PruneSelection.marks(for: archives, policy: policy)
      .sorted {
        ($0.archive.vmid, $0.archive.type, $0.archive.ctime) < ($1.archive.vmid, $1.archive.type, $1.archive.ctime)
      }
    if options.isSet("dry-run") {
      guard !marks.isEmpty else { return .output("No backups found\n") }
      let rows = marks.map { ("\(storage.id):backup/\($0.archive.fileName)", $0.archive.backupID, $0.mark.rawValue) }
      let width = (rows.map(\.0.count).max() ?? 6) + 1
      func line(_ a: String, _ b: String, _ c: String) -> String {
        a.padding(toLength: width, withPad: " ", startingAt: 0) + " " + TextColumns.padLeft(b, 15) + " "
          + TextColumns.padLeft(c, 10) + "\n"
      }
      return .output(
        "NOTE: this is only a preview and might not be what a subsequent\nprune call does if backups are removed/added in the meantime.\n\n"
          + line("Backup", "Backup-ID", "Prune-Mark") + rows.map { line($0.0, $0.1, $0.2) }.joined())
    }
    for entry in marks where entry.mark == .remove { directory.remove(entry.archive) }
    return SimulationResult()
  }

  private static func free(_ volume: String, storages: [StorageDefinition], context: SimulationContext)
    -> SimulationResult
  {
    let parts = volume.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2, let storage = storages.first(where: { $0.id == parts[0] }) else {
      return .failure("unable to parse volume ID '\(volume)'")
    }
    guard parts[1].hasPrefix("backup/"), let directory = backupDirectory(storage, context: context),
      let archive = directory.archives().first(where: { "backup/" + $0.fileName == parts[1] })
    else {
      return .failure("volume '\(volume)' does not exist")
    }
    if archive.isProtected { return .failure("unable to remove protected backup '\(volume)'") }
    directory.remove(archive)
    return SimulationResult()
  }
}
