import Foundation

/// /etc/pve/storage.cfg: written once at `lab up`, read back for retention and content types so
/// an operator's edits take effect.
enum StorageConfig {
  static func initialText() -> String {
    SectionConfig(sections: [
      .init(type: "dir", id: "local", properties: [("path", "/var/lib/vz"), ("content", "iso,vztmpl,backup")]),
      .init(
        type: "lvmthin", id: "local-lvm",
        properties: [("thinpool", "data"), ("vgname", "pve"), ("content", "rootdir,images")]),
      .init(
        type: "nfs", id: Seed.sharedStorage,
        properties: [
          ("export", "/mnt/NVMe/proxmox"), ("path", "/mnt/pve/\(Seed.sharedStorage)"), ("server", "127.77.0.98"),
          ("content", "images,rootdir,backup"), ("prune-backups", "keep-daily=7,keep-weekly=4,keep-monthly=3"),
        ]),
      .init(
        type: "nfs", id: Seed.bulkStorage,
        properties: [
          ("export", "/mnt/jbod/proxmox"), ("path", "/mnt/pve/\(Seed.bulkStorage)"), ("server", "127.77.0.98"),
          ("content", "images,rootdir,backup,iso,vztmpl,snippets"),
          ("prune-backups", "keep-daily=7,keep-weekly=4,keep-monthly=3"),
        ]),
    ]).rendered()
  }

  static func parsed(in layout: LabLayout) -> SectionConfig {
    SectionConfig(parsing: (try? String(contentsOfFile: layout.pmxcfs + "/storage.cfg", encoding: .utf8)) ?? "")
  }

  /// The storage's `prune-backups` setting; nil when it has none (then nothing is pruned).
  static func retention(of storage: String, in layout: LabLayout) -> RetentionPolicy? {
    parsed(in: layout).section(storage)?.value("prune-backups").flatMap(RetentionPolicy.init(propertyValue:))
  }

  /// Content types as storage.cfg lists them (falls back to the state's).
  static func content(of storage: StorageDefinition, in layout: LabLayout) -> [String] {
    parsed(in: layout).section(storage.id)?.value("content")?.split(separator: ",").map(String.init) ?? storage.content
  }

  /// False when storage.cfg disables the storage (`disable` property).
  static func isEnabled(_ storage: String, in layout: LabLayout) -> Bool {
    parsed(in: layout).section(storage)?.value("disable") == nil
  }
}
