/// A virtual machine (`qemu`) or container (`lxc`) of the simulated cluster.
struct Guest: Codable, Sendable {
  enum Kind: String, Codable, Sendable {
    case qemu
    case lxc

    /// The HA resource type: `vm` for qemu, `ct` for lxc.
    var haType: String { self == .qemu ? "vm" : "ct" }
    /// The directory of its configuration below /etc/pve/nodes/NODE.
    var configDirectory: String { self == .qemu ? "qemu-server" : "lxc" }
  }

  var vmid: Int
  var kind: Kind
  var name: String
  var node: String
  var running: Bool
  /// Started at boot once the node is quorate (all seeded guests have it).
  var onboot: Bool
  var cores: Int
  var memoryMiB: Int
  var diskGiB: Int
  var storage: String
  var tags: String?
  /// When the guest last started, for `uptime`.
  var startedAt: Double?
  /// Stopped by a power loss or reset; starts again once its node is quorate (onboot).
  var startOnQuorum: Bool

  var haSID: String { "\(kind.haType):\(vmid)" }
  var diskBytes: Int64 { Int64(diskGiB) << 30 }
  var memoryBytes: Int64 { Int64(memoryMiB) << 20 }
}
