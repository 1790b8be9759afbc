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
  var failback: Bool
  var comment: String?
  /// The node a service left when that node entered maintenance mode; it returns there on disable.
  var maintenanceHome: String?
  /// Properties written to resources.cfg (only these appear in `ha-manager config`).
  var explicitKeys: [String]
  var uid: String

  var vmid: Int? { Int(sid.split(separator: ":").last ?? "") }
  var type: String { String(sid.split(separator: ":").first ?? "") }
}
