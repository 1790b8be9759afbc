/// How full a storage is: its fixed other usage plus every file in its lab directory, so backups
/// written, pruned or deleted by hand change what `pvesm status` reports.
enum StorageUsage {
  static func used(_ storage: StorageDefinition, layout: LabLayout, node: ClusterNode? = nil) -> Int64 {
    var used = storage.otherUsedBytes
    if let labDirectory = storage.labDirectory {
      used += BackupDirectory.totalSize(below: layout.root + "/" + labDirectory)
    } else if let node {
      // Local storages differ a little per node.
      used += Int64(node.nodeID - 1) * 1_234_567_890
    }
    return min(used, storage.totalBytes)
  }
}
