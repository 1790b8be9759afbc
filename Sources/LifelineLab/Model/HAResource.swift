/// One HA-managed service (`ct:100`) with its configuration and the CRM's view of it.
struct HAResource: Codable, Sendable {
  var sid: String
  /// The configured request: `started`, `stopped`, `disabled` or `ignored`.
  var requestedState: String
  /// The CRM state: `started`, `stopped`, `request_stop`, `fence`, `recovery`, `migrate`, `relocate`, `error`.
  var crmState: String
  var node: String
  /// Where a migration or relocation is heading.
  var targetNode: String?
  var maxRestart: Int
  var maxRelocate: Int
  var comment: String?
  /// The node a service left when that node entered maintenance mode; it returns there on disable.
  var maintenanceHome: String?
  /// Properties written to resources.cfg (only these appear in `ha-manager config`).
  var explicitKeys: [String]
  var uid: String
  /// Manager.pm `$sd->{running}`: set once the LRM reported the service started on its node and
  /// cleared by every state change, so `ha-manager status` says `starting` until then.
  var runningConfirmed = false

  /// Manager.pm `change_service_state`: a new CRM state drops what the CRM knew about the last one.
  mutating func changeState(to state: String) {
    crmState = state
    runningConfirmed = false
  }

  /// Whether the CRM fences this service when its node is lost (Manager.pm `next_state_started`,
  /// `next_state_request_stop`, `next_state_migrate_relocate`, and `next_state_stopped`, where a
  /// requested `stopped` is "almost the same as 'disabled' … but the service will also get
  /// recovered"); `disabled`, `freeze`, `error` and `ignored` services stay with their node.
  var isFencedWithItsNode: Bool {
    switch crmState {
    case "started", "migrate", "relocate", "request_stop": true
    case "stopped": requestedState == "stopped"
    default: false
    }
  }

  var vmid: Int? { Int(sid.split(separator: ":").last ?? "") }
  var type: String { String(sid.split(separator: ":").first ?? "") }
}
