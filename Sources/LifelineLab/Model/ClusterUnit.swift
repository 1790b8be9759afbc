/// The systemd units the lab simulates on every node, with what `systemctl status` shows for them.
enum ClusterUnit: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
  case pveCluster = "pve-cluster"
  case corosync
  case haLRM = "pve-ha-lrm"
  case haCRM = "pve-ha-crm"
  case watchdogMux = "watchdog-mux"
  case networking

  /// Accepts `corosync` and `corosync.service`.
  init?(unitName: String) {
    let bare = unitName.hasSuffix(".service") ? String(unitName.dropLast(8)) : unitName
    self.init(rawValue: bare)
  }

  var serviceName: String { rawValue + ".service" }

  var summary: String {
    switch self {
    case .pveCluster: "The Proxmox VE cluster filesystem"
    case .corosync: "Corosync Cluster Engine"
    case .haLRM: "PVE Local HA Resource Manager Daemon"
    case .haCRM: "PVE Cluster HA Resource Manager Daemon"
    case .watchdogMux: "Proxmox VE watchdog multiplexer"
    case .networking: "Network initialization"
    }
  }

  /// The syslog identifier its journal lines carry.
  var identifier: String {
    switch self {
    case .pveCluster: "pmxcfs"
    case .networking: "networking"
    default: rawValue
    }
  }

  var unitFile: String { "/lib/systemd/system/\(serviceName)" }

  var commandLine: String {
    switch self {
    case .pveCluster: "/usr/bin/pmxcfs"
    case .corosync: "/usr/sbin/corosync -f"
    case .haLRM: "pve-ha-lrm"
    case .haCRM: "pve-ha-crm"
    case .watchdogMux: "/usr/sbin/watchdog-mux"
    case .networking: "/sbin/ifup -a --read-environment"
    }
  }

  /// Offset that keeps each unit's simulated main PID distinct on a node.
  var pidOffset: Int {
    switch self {
    case .networking: 610
    case .watchdogMux: 802
    case .corosync: 1077
    case .pveCluster: 1150
    case .haCRM: 1389
    case .haLRM: 1397
    }
  }
}
