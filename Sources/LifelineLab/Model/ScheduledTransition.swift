/// Something the simulated HA stack does later: the CRM's and LRMs' reactions, due at `at`
/// (seconds since the epoch, already multiplied by the time scale).
struct ScheduledTransition: Codable, Sendable {
  enum Action: Codable, Sendable, Equatable {
    /// The CRM notices a node is gone (`online` → `unknown`).
    case markUnknown(node: String)
    /// Fence delay passed: the node's services go to `fence`.
    case fence(node: String)
    /// The node's agent lock expired: fencing acknowledged, its services recovered elsewhere.
    case acquireAgentLock(node: String)
    /// An inquorate node with an armed watchdog resets itself.
    case selfFence(node: String)
    /// watchdog-mux left the watchdog armed when it exited: the hardware timer resets the node.
    case watchdogReset(node: String)
    /// The manager lock of a vanished master expired: a quorate node takes over the CRM.
    case electMaster
    /// The CRM reads a queued `enable-node-maintenance` or `disable-node-maintenance` command.
    case readMaintenanceCommand(node: String, enable: Bool)
    /// The CRM processes queued maintenance requests for a node.
    case applyMaintenance(node: String)
    /// The CRM starts moving a service (`migrate` for VMs, `relocate` for containers).
    case beginMove(sid: String, target: String, relocate: Bool)
    /// The move finished: the service runs on its target.
    case finishMove(sid: String)
    /// A CRM round reads the LRMs' modes: services of an LRM in `restart` mode freeze, frozen ones
    /// of an LRM that is active again unfreeze (Manager.pm `manage`).
    case readLRMModes
    /// The LRM of the service's node starts or stops it as requested.
    case applyRequestedState(sid: String)
    /// An LRM without configured services for 60 rounds goes idle and closes its watchdog.
    case lrmIdle(node: String)
  }

  var at: Double
  var action: Action
}
