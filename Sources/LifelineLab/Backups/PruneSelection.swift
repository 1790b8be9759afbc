/// Proxmox's pruning algorithm (PVE::Storage::prune_mark_backup_group): per backup group, newest
/// first, each keep option keeps the newest backup of every period not yet covered by an earlier
/// option, until it has kept its count; whatever no option kept is removed. Protected backups are
/// set aside and never counted.
enum PruneSelection {
  static func marks(for archives: [BackupArchive], policy: RetentionPolicy) -> [(
    archive: BackupArchive, mark: PruneMark
  )] {
    var result: [(archive: BackupArchive, mark: PruneMark)] = []
    let groups = Dictionary(grouping: archives, by: \.backupID)
    for (_, group) in groups {
      let protected = group.filter(\.isProtected)
      result += protected.map { ($0, .protected) }
      var candidates = group.filter { !$0.isProtected }.sorted { $0.ctime > $1.ctime }
      var marks = [PruneMark?](repeating: nil, count: candidates.count)
      if policy.keepsEverything {
        marks = marks.map { _ in .keep }
      } else {
        for option in RetentionPolicy.optionNames {
          guard let count = policy.counts[option], count > 0 else { continue }
          mark(&marks, candidates, keep: count, period: period(for: option))
        }
      }
      for index in candidates.indices { result.append((candidates[index], marks[index] ?? .remove)) }
      candidates.removeAll()
    }
    return result.sorted { ($0.archive.backupID, $0.archive.ctime) < ($1.archive.backupID, $1.archive.ctime) }
  }

  private static func mark(
    _ marks: inout [PruneMark?], _ candidates: [BackupArchive], keep count: Int, period: (Double) -> String
  ) {
    var alreadyIncluded = Set<String>()
    for index in candidates.indices where marks[index] == .keep {
      alreadyIncluded.insert(period(candidates[index].ctime))
    }
    var newlyIncluded = Set<String>()
    for index in candidates.indices {
      let id = period(candidates[index].ctime)
      if marks[index] != nil || alreadyIncluded.contains(id) { continue }
      if !newlyIncluded.contains(id) {
        if newlyIncluded.count >= count { break }
        newlyIncluded.insert(id)
        marks[index] = .keep
      } else {
        marks[index] = .remove
      }
    }
  }

  private static func period(for option: String) -> (Double) -> String {
    switch option {
    case "keep-last": { String($0) }
    case "keep-hourly": { LocalTime.format($0, "%Y/%m/%d/%H") }
    case "keep-daily": { LocalTime.format($0, "%Y/%m/%d") }
    case "keep-weekly": { LocalTime.format($0, "%G/%V") }
    case "keep-monthly": { LocalTime.format($0, "%Y/%m") }
    default: { LocalTime.format($0, "%Y") }
    }
  }
}
