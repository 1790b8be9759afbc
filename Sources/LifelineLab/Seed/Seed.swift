import Foundation

/// The cluster the lab imitates: homelab-cluster from the HA audit report, healthy — 3 nodes,
/// 7 HA containers started, 35 guests, TrueNas_NVMe at 83 % and Truenas_jbod at 18 %.
enum Seed {
  static let clusterName = "homelab-cluster"
  static let configVersion = 5
  /// The hardware watchdog a healthy node loads (`WATCHDOG_MODULE=iTCO_wdt`).
  static let watchdogModule = "iTCO_wdt"
  static let sharedStorage = "TrueNas_NVMe"
  static let bulkStorage = "Truenas_jbod"
  static let sharedStoragePercent = 83.0
  static let bulkStoragePercent = 18.0
  /// The node that is CRM master in the report.
  static let masterIndex = 2
  /// Ring sequence before the first membership change, so ring IDs look like the report's `2.919`.
  static let ringSequence = 0x914

  static func nodeName(_ index: Int) -> String { index == 0 ? "proxmox" : "proxmox\(index + 1)" }

  /// Builds the initial state for nodes at the given addresses; guests of missing nodes go to the
  /// existing ones, so a smaller lab still holds all 35. Without `ha`, HA was never configured:
  /// no HA resource, no CRM master, no manager status.
  static func state(addresses: [String], timeScale: Double, now: Double, ipmi: Bool, ha: Bool = true)
    -> ClusterState
  {
    let names = addresses.indices.map(nodeName)
    let uptimes: [Double] = [5 * 3600, 77 * 60, 92 * 60]
    let nodes: [ClusterNode] = addresses.indices.map { index in
      ClusterNode(
        name: names[index], nodeID: index + 1, address: addresses[index], votes: 1, power: .running, linkUp: true,
        units: [:], unitsSince: [:], unitRestarts: [:],
        bootedAt: now - (index < uptimes.count ? uptimes[index] : 2 * 3600), bootID: "", inNodelist: true,
        expectedVotesOverride: nil, members: [], ringID: "", quorate: false, faults: [], loadedWatchdogModule: nil,
        watchdogExpiring: false, standalone: false, crmState: "online", offlineSince: nil, maintenanceRequested: false,
        lrmFrozenAt: nil, isolatedView: nil)
    }
    let guests = SeedGuests.all.map { row in
      Guest(
        vmid: row.vmid, kind: row.kind, name: row.name, node: names[row.nodeIndex % names.count], running: row.running,
        onboot: true, cores: row.cores, memoryMiB: row.memoryMiB, diskGiB: row.diskGiB, storage: row.storage,
        tags: row.tags, startedAt: nil, startOnQuorum: false)
    }
    var state = ClusterState(
      clusterName: clusterName, configVersion: configVersion, timeScale: timeScale, ringSequence: ringSequence,
      advancedTo: now, nodes: nodes, corosync: [:], crmMaster: ha ? names[min(masterIndex, names.count - 1)] : nil,
      haResources: ha ? SeedGuests.haResources(guests: guests) : [], guests: guests, storages: storages(),
      storageFullFiles: [], scheduled: [], journal: [], ipmiConfigured: ipmi, haManagerStatusWritten: ha)
    for index in state.nodes.indices {
      state.boot(index, at: state.nodes[index].bootedAt, linkUp: true, watchdogModule: watchdogModule)
    }
    for index in state.guests.indices {
      state.guests[index].running = guests[index].running
      state.guests[index].startOnQuorum = false
      state.guests[index].startedAt =
        guests[index].running ? state.node(guests[index].node).map { $0.bootedAt + 40 } : nil
    }
    return state
  }

  static func storages() -> [StorageDefinition] {
    [
      StorageDefinition(
        id: "local", type: "dir", shared: false, content: ["iso", "vztmpl", "backup"], totalBytes: 100_861_726_720,
        otherUsedBytes: 12_894_081_024, labDirectory: nil, mountPath: nil),
      StorageDefinition(
        id: "local-lvm", type: "lvmthin", shared: false, content: ["rootdir", "images"],
        totalBytes: 833_396_736_000, otherUsedBytes: 45_678_912_000, labDirectory: nil, mountPath: nil),
      StorageDefinition(
        id: sharedStorage, type: "nfs", shared: true, content: ["images", "rootdir", "backup"],
        totalBytes: 966_367_641_600, otherUsedBytes: 0, labDirectory: "storage/\(sharedStorage)",
        mountPath: "/mnt/pve/\(sharedStorage)"),
      StorageDefinition(
        id: bulkStorage, type: "nfs", shared: true,
        content: ["images", "rootdir", "backup", "iso", "vztmpl", "snippets"], totalBytes: 1_759_218_604_442,
        otherUsedBytes: 0, labDirectory: "storage/\(bulkStorage)", mountPath: "/mnt/pve/\(bulkStorage)"),
    ]
  }
}
