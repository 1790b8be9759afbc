/// Fills the shared storages with a backup history that already follows each storage's retention,
/// and adds the old backups of the storage-full fault.
enum BackupSeeder {
  /// How far back the daily history reaches before retention thins it out.
  static let historyDays = 150
  /// Hour of day the daily backup job runs on each storage.
  static func jobHour(_ storage: String) -> Double { storage == Seed.sharedStorage ? 1 : 21 }

  /// Guests whose backups each storage holds: the HA containers on the fast NFS storage, the
  /// backup jobs' guests on the bulk one.
  static func groups(on storage: String, guests: [Guest]) -> [Guest] {
    if storage == Seed.sharedStorage {
      return guests.filter { guest in SeedGuests.haServices.contains { $0.sid == guest.haSID } }
    }
    return guests.filter { BackupJobs.backedUpVMIDs.contains($0.vmid) }
  }

  /// The full daily history of one guest on one storage, newest first, with made-up sizes.
  static func history(of guest: Guest, storage: String, seededAt: Double) -> [(
    name: String, ctime: Double, size: Int64
  )] {
    let today = LocalTime.startOfDay(seededAt)
    let factor = storage == Seed.sharedStorage ? 0.12 : 0.05
    return (1...historyDays).map { day in
      let ctime = today - Double(day) * 86_400 + jobHour(storage) * 3600 + Double(guest.vmid % 50)
      let wobble = 0.9 + Double((guest.vmid * 31 + day * 17) % 20) / 100
      let size = Int64(Double(guest.diskBytes) * factor * wobble)
      return (BackupArchive.name(kind: guest.kind, vmid: guest.vmid, at: ctime), ctime, size)
    }
  }

  /// Writes the retained part of every history and sets each storage's other usage so it shows
  /// its report percentage.
  static func seed(_ state: inout ClusterState, layout: LabLayout, seededAt: Double) throws {
    for (storageID, percent) in [
      (Seed.sharedStorage, Seed.sharedStoragePercent), (Seed.bulkStorage, Seed.bulkStoragePercent),
    ] {
      guard let storageIndex = state.storages.firstIndex(where: { $0.id == storageID }) else { continue }
      let storage = state.storages[storageIndex]
      let policy = StorageConfig.retention(of: storageID, in: layout) ?? RetentionPolicy(counts: ["keep-last": 14])
      var kept: [(name: String, ctime: Double, size: Int64)] = []
      for guest in groups(on: storageID, guests: state.guests) {
        let series = history(of: guest, storage: storageID, seededAt: seededAt)
        let archives = series.compactMap { BackupArchive(fileName: $0.name, size: $0.size, isProtected: false) }
        let keep = Set(
          PruneSelection.marks(for: archives, policy: policy).filter { $0.mark == .keep }.map(\.archive.fileName))
        kept += series.filter { keep.contains($0.name) }
      }
      let target = Int64(Double(storage.totalBytes) * percent / 100)
      let raw = kept.reduce(Int64(0)) { $0 + $1.size }
      let shrink = raw > target * 7 / 10 ? Double(target * 7 / 10) / Double(raw) : 1
      let directory = BackupDirectory(path: layout.root + "/" + (storage.labDirectory ?? "") + "/dump")
      for backup in kept {
        try directory.create(
          backup.name, size: Int64(Double(backup.size) * shrink), ctime: backup.ctime, storage: storageID)
      }
      if storageID == Seed.sharedStorage, let postgres = state.guests.first(where: { $0.vmid == 113 }) {
        let manual = seededAt - 200 * 86_400 + 14 * 3600
        let name = BackupArchive.name(kind: postgres.kind, vmid: postgres.vmid, at: manual)
        try directory.create(name, size: postgres.diskBytes / 10, ctime: manual, storage: storageID)
        try "".write(toFile: directory.path + "/" + name + ".protected", atomically: false, encoding: .utf8)
        try "before major upgrade 15 -> 16\n".write(
          toFile: directory.path + "/" + name + ".notes", atomically: false, encoding: .utf8)
      }
      let used = BackupDirectory.totalSize(below: layout.root + "/" + (storage.labDirectory ?? ""))
      state.storages[storageIndex].otherUsedBytes = max(0, target - used)
    }
  }

  /// Adds old backups that retention would prune until TrueNas_NVMe reaches `percent`.
  static func fillSharedStorage(_ state: inout ClusterState, layout: LabLayout, percent: Double, now: Double) throws
    -> [String]
  {
    guard let storage = state.storage(Seed.sharedStorage), let labDirectory = storage.labDirectory else { return [] }
    let usage = StorageUsage.used(storage, layout: layout)
    let extra = Int64(Double(storage.totalBytes) * percent / 100) - usage
    guard extra > 0 else {
      let current = Double(usage) / Double(storage.totalBytes) * 100
      throw LabError.invalid(
        "\(Seed.sharedStorage) is already at \(String(format: "%.2f", current)) %, at or above \(percent) %")
    }
    let directory = BackupDirectory(path: layout.root + "/" + labDirectory + "/dump")
    let existing = directory.archives()
    let present = Set(existing.map(\.fileName))
    let policy =
      StorageConfig.retention(of: Seed.sharedStorage, in: layout) ?? RetentionPolicy(counts: ["keep-last": 14])
    var perGroup: [[(name: String, ctime: Double)]] = []
    for guest in groups(on: Seed.sharedStorage, guests: state.guests) {
      let candidates = history(of: guest, storage: Seed.sharedStorage, seededAt: now).filter {
        !present.contains($0.name)
      }
      let union =
        existing.filter { $0.vmid == guest.vmid }
        + candidates.compactMap {
          BackupArchive(fileName: $0.name, size: $0.size, isProtected: false)
        }
      let removable = Set(
        PruneSelection.marks(for: union, policy: policy).filter { $0.mark == .remove }.map(\.archive.fileName))
      perGroup.append(candidates.filter { removable.contains($0.name) }.map { ($0.name, $0.ctime) })
    }
    var chosen: [(name: String, ctime: Double)] = []
    var round = 0
    while chosen.count < 30, perGroup.contains(where: { $0.count > round }) {
      for group in perGroup where group.count > round && chosen.count < 30 { chosen.append(group[round]) }
      round += 1
    }
    guard !chosen.isEmpty else { throw LabError.invalid("no backup history to age on \(Seed.sharedStorage)") }
    let each = extra / Int64(chosen.count)
    var written: [String] = []
    for (offset, backup) in chosen.enumerated() {
      let size = offset == chosen.count - 1 ? extra - each * Int64(chosen.count - 1) : each
      try directory.create(backup.name, size: size, ctime: backup.ctime, storage: Seed.sharedStorage)
      written.append(backup.name)
    }
    // The task logs count too: shrink the last archive by their size so the total is exact.
    let overshoot = StorageUsage.used(storage, layout: layout) - Int64(Double(storage.totalBytes) * percent / 100)
    if overshoot > 0, let last = chosen.last {
      try directory.create(
        last.name, size: max(0, (extra - each * Int64(chosen.count - 1)) - overshoot), ctime: last.ctime,
        storage: Seed.sharedStorage)
    }
    return written
  }
}
