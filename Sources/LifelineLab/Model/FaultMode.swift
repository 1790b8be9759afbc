/// A failure the lab can inject into a node with `lifeline lab fail NODE --mode MODE`.
public enum FaultMode: String, CaseIterable, Codable, Sendable {
  /// The node is off: sshd stopped, its address unreachable (as root), membership lost.
  case down
  /// The node is frozen: TCP connects hang without a banner, membership lost.
  case hang
  /// /etc/network/interfaces lost its `source /etc/network/interfaces.d/*` line: the cluster link
  /// is down and the node left the quorum, while SSH still works.
  case network
  /// The cable of corosync link 0 is pulled: the node's `lan0` is down, its configuration intact.
  case link0
  /// The cable of corosync link 1 is pulled (a lab started with `--links 2`).
  case link1
  /// A share of the node's corosync packets (`--percent`) is dropped on every link, both ways.
  case packetLoss = "packet-loss"
  /// corosync.service has failed on the node.
  case corosync
  /// The shared NFS storage TrueNas_NVMe is nearly full of old backups that retention would prune.
  case storageFull = "storage-full"
  /// The HA watchdog is not configured: /etc/default/pve-ha-manager as shipped, softdog loaded.
  case noWatchdog = "no-watchdog"
  /// The node was reinstalled: a fresh Proxmox VE with a new SSH host key, its own /etc/pve, no
  /// cluster configuration and no guests, until it joins with `pvecm add`.
  case reinstall

  /// Whether the fault takes the node out of the other nodes' corosync membership whatever else
  /// holds (a pulled cable does only when it was the node's last link up).
  var removesFromMembership: Bool {
    switch self {
    case .down, .hang, .network, .corosync, .reinstall: true
    case .link0, .link1, .packetLoss, .storageFull, .noWatchdog: false
    }
  }

  /// The corosync link whose cable the fault pulls.
  var pulledLink: Int? {
    switch self {
    case .link0: 0
    case .link1: 1
    default: nil
    }
  }
}
