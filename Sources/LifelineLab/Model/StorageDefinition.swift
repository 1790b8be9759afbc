/// A storage of the simulated cluster: its identity and the space it reports.
struct StorageDefinition: Codable, Sendable {
  var id: String
  /// Plugin type: `dir`, `lvmthin` or `nfs`.
  var type: String
  var shared: Bool
  var content: [String]
  var totalBytes: Int64
  /// Space used by everything except the backup files in its dump directory.
  var otherUsedBytes: Int64
  /// The lab directory holding its files (shared NFS storages only), relative to the lab root.
  var labDirectory: String?
  /// Where nodes mount it (`/mnt/pve/ID`).
  var mountPath: String?
}
