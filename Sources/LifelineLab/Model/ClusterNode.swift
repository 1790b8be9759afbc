/// One simulated Proxmox VE node: its corosync identity, power, units, link and the CRM's view of it.
struct ClusterNode: Codable, Sendable {
  var name: String
  var nodeID: Int
  /// The corosync link0 address (a loopback address in the lab).
  var address: String
  var votes: Int
  var power: PowerState
  /// Whether the cluster link is configured, as the last `ifreload -a` (or boot) found it.
  var linkUp: Bool
  /// The corosync link1 address (`ring1_addr`) when the lab has a second link (`lab up --links 2`).
  var ring1Address: String? = nil
  /// The share of its corosync packets dropped by the `packet-loss` fault, in percent.
  var packetLossPercent: Double? = nil
  var units: [ClusterUnit: UnitState]
  /// When each unit last changed state, for `systemctl status`.
  var unitsSince: [ClusterUnit: Double]
  /// Bumped on each (re)start so a restarted unit gets a new main PID.
  var unitRestarts: [ClusterUnit: Int]
  var bootedAt: Double
  var bootID: String
  /// False once `pvecm delnode` removed it from the corosync nodelist.
  var inNodelist: Bool
  /// A runtime `pvecm expected` value, lost on corosync restart.
  var expectedVotesOverride: Int?
  /// Names of the nodes in its current corosync membership (empty while corosync is down).
  var members: [String]
  var ringID: String
  /// Whether its partition had quorum at the last membership change.
  var quorate: Bool
  var faults: [FaultMode]
  /// The module behind /dev/watchdog, loaded by watchdog-mux at boot (`softdog` unless
  /// WATCHDOG_MODULE names another); nil when that module found no hardware, so there is no device.
  var loadedWatchdogModule: String?
  /// watchdog-mux exited while its clients were active (/run/watchdog-mux.active is left): it cannot
  /// start again, and the still armed watchdog resets the node.
  var watchdogExpiring: Bool
  /// Reinstalled and not yet joined: its own /etc/pve without corosync.conf, corosync not running.
  var standalone: Bool
  /// The CRM's state for it: `online`, `unknown`, `fence`, `maintenance`.
  var crmState: String
  /// When the quorate partition lost sight of it.
  var offlineSince: Double?
  /// Maintenance mode requested with `ha-manager crm-command node-maintenance enable`.
  var maintenanceRequested: Bool
  /// The mode its LRM last wrote to lrm_status when it stopped: `restart` (`systemctl stop` or a
  /// reboot: its services freeze) or `shutdown` (poweroff: services stopped, agent lock released);
  /// nil while the LRM runs (`active`).
  var lrmMode: String?
  /// When its LRM last wrote a status while cut off or stopped (nil while it is live).
  var lrmFrozenAt: Double?
  /// What it last knew about HA before it lost quorum; shown while it is isolated.
  var isolatedView: HASnapshot?
  /// When its LRM took its agent lock and opened the watchdog (`wait_for_agent_lock => active`);
  /// nil while it waits for the lock, or is stopped.
  var lrmActiveSince: Double? = nil
  /// Since when no HA service has had it as its node, while its LRM is active.
  var lrmUnconfiguredSince: Double? = nil

  func unitState(_ unit: ClusterUnit) -> UnitState { units[unit] ?? .inactive }

  /// The corosync links the node has: 0, and 1 with a second link.
  var linkNumbers: [Int] { ring1Address == nil ? [0] : [0, 1] }

  /// Whether link `number` carries traffic: the network configured (`linkUp`) and its cable in.
  func carries(link number: Int) -> Bool { linkUp && !faults.contains { $0.pulledLink == number } }

  func mainPID(of unit: ClusterUnit) -> Int {
    unit.pidOffset + nodeID * 3 + (unitRestarts[unit] ?? 0) * 1117
  }

  var isRunning: Bool { power == .running }
  /// Takes part in corosync: powered, not frozen, and corosync running.
  var corosyncRunning: Bool { isRunning && inNodelist && unitState(.corosync) == .active }
}
