import Foundation
import LifelineLab
import Testing

/// storage-cleanup against the lab's nearly full NFS storage.
@Suite struct RunbookLabStorageCleanupTests {
  @Test func retentionPrunesAFullStorageBackBelowTheWarnThreshold() throws {
    try RunbookLab.with(block: 7) { lab in
      try lab.lab.fail(node: "all", mode: .storageFull)
      #expect(lab.sim("proxmox", "pvesm", "status").stdout.contains(line: #"^TrueNas_NVMe\s.*\s92\.00%$"#))
      let run = try lab.run(
        "storage-cleanup", node: "proxmox", set: ["storage": "TrueNas_NVMe"], answers: ["ask-disks": "continue"])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(
        run.passes(through: [
          "usage-before", "below-critical", "below-high", "retention", "prune-dry-run", "prune", "find-unused",
          "find-orphans", "usage-after",
        ]), "\(run.path)")
      #expect(!run.path.contains("below-warn"))
      #expect(
        run.findings.map(\.text) == [
          "[Storage] TrueNas_NVMe is 92.00% full, at or above 90%: free space now"
        ])
      let usage = lab.sim("proxmox2", "pvesm", "status").stdout
      #expect(usage.contains(line: #"^TrueNas_NVMe\s.*\s83\.00%$"#), "\(usage)")
      #expect(try !lab.lab.status().storageFull)
      #expect(run.report.contains("after:  83.00% (warn from 85%)"))
      try lab.verify(run)
    }
  }
}
