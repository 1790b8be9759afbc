/// The one shared state of a simulated cluster, stored as JSON in the lab directory and changed
/// only under its lock. Every node's commands read and change this same document.
struct ClusterState: Codable, Sendable {
  var clusterName: String
  var configVersion: Int
  /// Multiplies every HA delay: 1 is real time, 0.01 turns minutes into about a second.
  var timeScale: Double
  /// Counter behind corosync ring IDs; grows with every membership change.
  var ringSequence: Int
  /// Up to which instant the lazy transitions have been applied.
  var advancedTo: Double
  var nodes: [ClusterNode]
  /// Each node's membership and quorum as its real corosync last reported them (refreshed from
  /// ``MembershipSource`` before every change); a node whose corosync does not answer has none.
  var corosync: [String: CorosyncView]
  var crmMaster: String?
  /// When the master's CRM stopped cleanly and released `ha_manager_lock` (`voluntary release CRM
  /// lock`), so a slave takes over in its next round instead of after the lock expiry.
  var managerLockReleasedAt: Double?
  var haResources: [HAResource]
  var guests: [Guest]
  var storages: [StorageDefinition]
  /// Names of the old backup files the storage-full fault added to TrueNas_NVMe.
  var storageFullFiles: [String]
  var scheduled: [ScheduledTransition]
  var journal: [JournalEntry]
  /// Whether a simulated `ipmitool` exists on the nodes.
  var ipmiConfigured: Bool
  /// Whether a CRM has ever been master and written the HA manager status. On a cluster where HA
  /// was never configured there is none: no CRM takes the manager lock while no resource exists
  /// (CRM.pm `can_get_active`), and `ha-manager status` shows only `quorum OK`, because its
  /// master and lrm lines come from the manager status (API2/HA/Status.pm).
  var haManagerStatusWritten = true
  /// The QDevice in corosync.conf's quorum section (`lab up --qdevice`), if any.
  var qdevice: QDeviceSettings? = nil

  func node(_ name: String) -> ClusterNode? {
    nodes.first { $0.name == name }
  }

  func index(of name: String) -> Int? {
    nodes.firstIndex { $0.name == name }
  }

  func resource(_ sid: String) -> HAResource? {
    haResources.first { $0.sid == sid }
  }

  func guest(vmid: Int) -> Guest? {
    guests.first { $0.vmid == vmid }
  }

  func storage(_ id: String) -> StorageDefinition? {
    storages.first { $0.id == id }
  }

  var nodelist: [ClusterNode] { nodes.filter(\.inNodelist) }
  /// Votes of every node in the corosync nodelist: the configured expected votes.
  var configuredExpectedVotes: Int { nodelist.reduce(0) { $0 + $1.votes } }

  /// Scales a real-time delay of the HA stack.
  func scaled(_ seconds: Double) -> Double { seconds * timeScale }
}
