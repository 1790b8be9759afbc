/// What `lab up` did.
public struct LabUpOutcome: Sendable {
  /// Absolute path of the inventory file.
  public var inventory: String
  public var mode: LabMode
  /// True when a running lab was found and left alone.
  public var alreadyRunning: Bool
  /// True when remains of a crashed lab were cleaned up first.
  public var cleanedUpCrashedLab: Bool
  /// The user the inventory logs in as.
  public var user: String
  public var nodes: [(name: String, address: String, port: Int, pid: Int32?)]
  public var clientKey: String
  public var knownHosts: String
  /// The corosync token the nodes use, and whether `--time-scale` shortened it.
  public var corosyncTiming: String
}
