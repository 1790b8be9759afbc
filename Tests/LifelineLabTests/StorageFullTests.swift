import Foundation
import Testing

extension LabSSHTests {
  @Test func storageFullIsFixedByPruningWithTheStorageRetention() throws {
    try LabFixture.with { fixture in
      try fixture.lab.fail(node: "proxmox", mode: .storageFull, percent: 92)
      let full = try fixture.run("proxmox2", "pvesm status")
      #expect(hasLine(full, #"^TrueNas_NVMe\s+nfs\s+active\s+\d+\s+\d+\s+\d+\s+92\.00%$"#), "\(full)")
      let storage =
        json(
          try fixture.run("proxmox3", "pvesh get /nodes/proxmox3/storage --storage TrueNas_NVMe --output-format json"))
        as? [[String: Any]]
      #expect(abs((storage?.first?["used_fraction"] as? Double ?? 0) - 0.92) < 0.0001)

      let preview = try fixture.run("proxmox", "pvesm prune-backups TrueNas_NVMe --dry-run 1")
      #expect(preview.hasPrefix("NOTE: this is only a preview and might not be what a subsequent\n"))
      #expect(hasLine(preview, #"^Backup\s+Backup-ID Prune-Mark$"#))
      let removals = preview.split(separator: "\n").filter { $0.hasSuffix(" remove") }
      #expect(!removals.isEmpty)
      #expect(hasLine(preview, #"^TrueNas_NVMe:backup/vzdump-lxc-113-\S+\.tar\.zst\s+lxc/113\s+protected$"#))
      #expect(hasLine(preview, #"^TrueNas_NVMe:backup/vzdump-lxc-100-\S+\s+lxc/100\s+keep$"#))
      #expect(try fixture.run("proxmox", "pvesm prune-backups TrueNas_NVMe") == "")
      let after = try fixture.run("proxmox", "pvesm status")
      #expect(hasLine(after, #"^TrueNas_NVMe\s+nfs\s+active\s+\d+\s+\d+\s+\d+\s+83\.00%$"#), "\(after)")
      #expect(!(try fixture.run("proxmox", "pvesm prune-backups TrueNas_NVMe --dry-run 1")).contains(" remove\n"))
      #expect(try fixture.lab.status().storageFull == false)
    }
  }
}
