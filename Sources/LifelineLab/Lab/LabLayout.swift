/// Where everything of one lab lives below its directory.
public struct LabLayout: Sendable {
  /// The lab directory, absolute.
  public let root: String

  public init(root: String) {
    self.root = root
  }

  public var inventory: String { root + "/inventory.yaml" }
  public var clientKey: String { root + "/client_ed25519" }
  public var knownHosts: String { root + "/known_hosts" }
  var authorizedKeys: String { root + "/authorized_keys" }
  var runtime: String { root + "/runtime.json" }
  var clusterState: String { root + "/cluster.json" }
  var clusterLock: String { root + "/cluster.lock" }
  /// Serializes up, down, fail and heal.
  var labLock: String { root + "/lab.lock" }
  /// The cluster filesystem every node mounts at /etc/pve.
  var pmxcfs: String { root + "/pve" }
  var storages: String { root + "/storage" }
  var nodesDirectory: String { root + "/nodes" }

  /// Every entry `up` creates, so `down` removes exactly these and nothing else.
  var createdEntries: [String] {
    [
      inventory, clientKey, clientKey + ".pub", knownHosts, authorizedKeys, runtime, clusterState, clusterLock,
      pmxcfs, storages, nodesDirectory, apiToken, apiServerScript, corosyncAuthkey, networkNamespaces, qnetd,
    ]
  }

  /// The cluster's corosync key (`corosync-keygen`), copied to every member's /etc/corosync/authkey.
  var corosyncAuthkey: String { root + "/corosync-authkey" }
  /// The lab's network namespaces, each kept by a bind mount on a file here (see ``ClusterNetwork``).
  var networkNamespaces: String { root + "/netns" }
  /// The namespace holding the lab's switch: one bridge per corosync link.
  var switchNamespace: String { networkNamespaces + "/switch" }
  /// The QDevice's corosync-qnetd (`lab up --qdevice`): its /etc/corosync (the qnetd's NSS
  /// database), its /run, PID, log, and the files `pvecm qdevice setup` copies between the hosts.
  var qnetd: String { root + "/qnetd" }
  /// The namespace of the qnetd host on the cluster network.
  var qnetdNamespace: String { networkNamespaces + "/qnetd" }
  /// A node's network namespace: its cluster links and its corosync.
  func networkNamespace(_ node: String) -> String { networkNamespaces + "/" + node }

  /// The API token's secret, which the inventory's `api.token_file` names.
  var apiToken: String { root + "/api-token" }
  /// The HTTPS API server every node runs.
  var apiServerScript: String { root + "/api-server.py" }

  func storageDirectory(_ id: String) -> String { storages + "/" + id }
  func node(_ name: String) -> NodeLayout { NodeLayout(root: nodesDirectory + "/" + name, name: name) }
}

/// The files of one node: its sshd, its start script, and the directories bound into its namespace.
struct NodeLayout: Sendable {
  let root: String
  let name: String

  var sshdConfig: String { root + "/sshd_config" }
  var hostKey: String { root + "/ssh_host_ed25519_key" }
  var pidFile: String { root + "/sshd.pid" }
  var sshdLog: String { root + "/sshd.log" }
  var startScript: String { root + "/start.sh" }
  /// Bound over /usr/local/sbin: the simulated commands.
  var bin: String { root + "/bin" }
  /// Bound over /etc/network.
  var network: String { root + "/network" }
  /// Bound over /etc/modprobe.d.
  var modprobe: String { root + "/modprobe.d" }
  /// Bound over /var/log.
  var log: String { root + "/log" }
  /// Bound over /mnt; holds the /mnt/pve/STORAGE mount points.
  var mnt: String { root + "/mnt" }
  /// Upper layer of the overlay over /etc: the node's own copies of host files.
  var etcUpper: String { root + "/overlay/upper" }
  var etcWork: String { root + "/overlay/work" }
  /// Bound over /proc/sys/kernel/random/boot_id: the node's boot ID, new at every boot.
  var bootID: String { root + "/boot_id" }
  /// Bound over /sys/class/watchdog: `watchdog0/identity` while a watchdog driver is loaded.
  var watchdogClass: String { root + "/sys-class-watchdog" }
  /// A reinstalled node's own /etc/pve until it joins the cluster (bound instead of the shared one).
  var standalonePmxcfs: String { root + "/pve-standalone" }
  /// root's SSH key of the node (its public half goes to /etc/pve/priv/authorized_keys).
  var rootKey: String { root + "/root_id_ed25519" }

  /// The node's real corosync: its files, runtime and state directories, PID and log.
  var corosync: String { root + "/corosync" }
  /// Bound over /etc/corosync, on the node and for its corosync: corosync.conf and authkey.
  var corosyncEtc: String { corosync + "/etc" }
  /// Bound over /run and /var/lib/corosync for the node's corosync only.
  var corosyncRun: String { corosync + "/run" }
  var corosyncLib: String { corosync + "/lib" }
  /// corosync's stderr (timestamped lines): the node's corosync journal.
  var corosyncLog: String { corosync + "/corosync.log" }
  var corosyncPIDFile: String { corosync + "/corosync.pid" }
  /// Every corosync PID ever started for the node, so `lab down` can reap the ones it parented.
  var corosyncStarted: String { corosync + "/started" }
  /// The node's corosync-qdevice (`lab up --qdevice`): PID and log.
  var qdevicePIDFile: String { corosync + "/qdevice.pid" }
  var qdeviceLog: String { corosync + "/qdevice.log" }
  /// Which cluster links are up, as last applied to the namespace's interfaces.
  var linkStateFile: String { corosync + "/links" }
}
