/// A failure the lab can inject into a node with `lifeline lab fail NODE --mode MODE`.
public enum FaultMode: String, CaseIterable, Codable, Sendable {
  /// The node is off: sshd stopped, its address unreachable (as root), membership lost.
  case down
  /// The node is frozen: TCP connects hang without a banner, membership lost.
  case hang
  /// /etc/network/interfaces lost its `source /etc/network/interfaces.d/*` line: the cluster link
  /// is down and the node left the quorum, while SSH still works.
  case network
  /// corosync.service has failed on the node.
  case corosync
  /// The shared NFS storage TrueNas_NVMe is nearly full of old backups that retention would prune.
  case storageFull = "storage-full"
  /// The HA watchdog is not configured: /etc/default/pve-ha-manager as shipped, softdog loaded.
  case noWatchdog = "no-watchdog"
  /// The node was reinstalled: a fresh Proxmox VE with a new SSH host key, its own /etc/pve, no
  /// cluster configuration and no guests, until it joins with `pvecm add`.
  case reinstall

  /// Whether the fault takes the node out of the other nodes' corosync membership.
  var removesFromMembership: Bool {
    switch self {
    case .down, .hang, .network, .corosync, .reinstall: true
    case .storageFull, .noWatchdog: false
    }
  }
}
