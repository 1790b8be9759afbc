import Testing

@testable import LifelineLab

struct PruneSelectionTests {
  func archive(_ stamp: String, vmid: Int = 100, protected: Bool = false) -> BackupArchive? {
    BackupArchive(fileName: "vzdump-qemu-\(vmid)-\(stamp).vma.zst", size: 1, isProtected: protected)
  }

  @Test func keepDailyKeepsTheNewestBackupOfEachDay() throws {
    let archives = [
      "2024_05_14-23_00_03", "2024_05_14-11_00_00", "2024_05_13-23_00_02", "2024_05_12-23_00_03", "2024_05_11-23_00_02",
    ].compactMap { archive($0) }
    let marks = PruneSelection.marks(for: archives, policy: RetentionPolicy(counts: ["keep-daily": 2]))
    let byName = Dictionary(uniqueKeysWithValues: marks.map { ($0.archive.fileName, $0.mark) })
    #expect(byName["vzdump-qemu-100-2024_05_14-23_00_03.vma.zst"] == .keep)
    #expect(byName["vzdump-qemu-100-2024_05_14-11_00_00.vma.zst"] == .remove)
    #expect(byName["vzdump-qemu-100-2024_05_13-23_00_02.vma.zst"] == .keep)
    #expect(byName["vzdump-qemu-100-2024_05_12-23_00_03.vma.zst"] == .remove)
  }

  @Test func laterOptionsSkipPeriodsEarlierOptionsCovered() throws {
    // Tue 14, Mon 13 (week 20), Sun 12, Sat 11 (week 19), Sun 5 (week 18).
    let archives = [
      "2024_05_14-23_00_00", "2024_05_13-23_00_00", "2024_05_12-23_00_00", "2024_05_11-23_00_00", "2024_05_05-23_00_00",
    ]
    .compactMap { archive($0) }
    let marks = PruneSelection.marks(
      for: archives, policy: RetentionPolicy(counts: ["keep-daily": 1, "keep-weekly": 2]))
    let kept = marks.filter { $0.mark == .keep }.map { $0.archive.fileName }.sorted()
    #expect(
      kept == [
        "vzdump-qemu-100-2024_05_05-23_00_00.vma.zst", "vzdump-qemu-100-2024_05_12-23_00_00.vma.zst",
        "vzdump-qemu-100-2024_05_14-23_00_00.vma.zst",
      ])
  }

  @Test func protectedBackupsAreSetAsideAndGroupsArePrunedApart() throws {
    let archives = [
      archive("2024_05_14-23_00_00", protected: true), archive("2024_05_13-23_00_00"), archive("2024_05_12-23_00_00"),
      archive("2024_05_10-23_00_00", vmid: 200),
    ].compactMap { $0 }
    let marks = PruneSelection.marks(for: archives, policy: RetentionPolicy(counts: ["keep-last": 1]))
    #expect(marks.first { $0.archive.isProtected }?.mark == .protected)
    #expect(marks.filter { $0.mark == .keep }.count == 2)
    #expect(
      marks.filter { $0.mark == .remove }.map(\.archive.fileName) == ["vzdump-qemu-100-2024_05_12-23_00_00.vma.zst"])
  }

  @Test func retentionPropertiesParseAndAllZeroMeansKeepAll() {
    #expect(
      RetentionPolicy(propertyValue: "keep-daily=7,keep-weekly=4")?.counts == ["keep-daily": 7, "keep-weekly": 4])
    #expect(RetentionPolicy(propertyValue: "keep-daily=x") == nil)
    #expect(RetentionPolicy(propertyValue: "keep-last=0")?.keepsEverything == true)
    #expect(BackupArchive(fileName: "vzdump-lxc-100-2025_11_05-21_00_03.log", size: 0, isProtected: false) == nil)
    #expect(
      BackupArchive(fileName: "vzdump-lxc-100-2025_11_05-21_00_03.tar.zst", size: 0, isProtected: false)?.backupID
        == "lxc/100")
  }
}
