/// The five backup jobs of the report, as /etc/pve/jobs.cfg holds them.
enum BackupJobs {
  static let backedUpVMIDs = [100, 101, 102, 103, 104, 108, 114, 115, 118, 123, 124, 125, 127, 128, 129, 130]

  static func initialText() -> String {
    func job(
      _ id: String, _ comment: String, _ schedule: String, vmid: String?, retention: String, mail: String = "failure"
    )
      -> SectionConfig.Section
    {
      var properties: [(key: String, value: String)] = [("schedule", schedule)]
      if vmid == nil { properties.append(("all", "1")) }
      properties += [
        ("comment", comment), ("compress", "zstd"), ("enabled", "1"), ("mailnotification", mail), ("mode", "snapshot"),
        ("notes-template", "{{guestname}}"), ("prune-backups", retention), ("storage", Seed.bulkStorage),
      ]
      if let vmid { properties.append(("vmid", vmid)) }
      return .init(type: "vzdump", id: id, properties: properties)
    }
    let standard = "keep-daily=7,keep-monthly=3,keep-weekly=4"
    return SectionConfig(sections: [
      job(
        "backup-5d2c9a1e-7b31", "Daily Production", "21:00", vmid: "104,101,108,102,103,114,115,100",
        retention: standard),
      job(
        "backup-8f0e4b62-1a9c", "Weekly Full", "sun 01:00", vmid: "103,104,102,108,101,114,115,100", retention: standard
      ),
      job("backup-c1d7e3f5-4e20", "Weekly All", "sun 01:00", vmid: nil, retention: standard),
      job(
        "backup-2b6a8d94-93f7", "Critical Daily", "01:00", vmid: "114,125,124",
        retention: "keep-daily=14,keep-monthly=6,keep-weekly=8", mail: "always"),
      job(
        "backup-e4f1c07b-5d88", "Dev Weekly", "sun 03:00", vmid: "128,118,123,127,129,130",
        retention: "keep-daily=3,keep-monthly=1,keep-weekly=2"),
    ]).rendered()
  }
}
