/// How `lab up` builds the lab.
public struct LabUpOptions: Sendable {
  /// Nodes to start: proxmox, proxmox2, proxmox3, proxmox4…
  public var nodeCount: Int
  /// Multiplies the HA delays (1 = real time; tests use 0.01).
  public var timeScale: Double
  /// Address of the first node; the others count up in the last octet.
  public var firstAddress: String
  /// sshd port; nil picks 22 as root and 2222 otherwise.
  public var port: Int?
  /// The program (and leading arguments) that simulates commands: `[lifeline-lab, "sim"]`.
  public var simulator: [String]
  /// Installs a simulated `ipmitool` (otherwise it is absent: exit 127).
  public var ipmi: Bool
  /// The report's 7 HA resources and a CRM master; false gives a cluster where HA was never
  /// configured (no resource, no master, no manager status).
  public var ha: Bool
  /// corosync links per node: 1 (`ring0_addr`) or 2 (also `ring1_addr` on a second network).
  public var links: Int
  /// Adds a QDevice: corosync-qnetd standing in for the NAS, corosync-qdevice on every node.
  public var qdevice: Bool

  public init(
    nodeCount: Int = 3, timeScale: Double = 1, firstAddress: String = "127.77.0.1", port: Int? = nil,
    simulator: [String], ipmi: Bool = false, ha: Bool = true, links: Int = 1, qdevice: Bool = false
  ) {
    self.nodeCount = nodeCount
    self.timeScale = timeScale
    self.firstAddress = firstAddress
    self.port = port
    self.simulator = simulator
    self.ipmi = ipmi
    self.ha = ha
    self.links = links
    self.qdevice = qdevice
  }
}
