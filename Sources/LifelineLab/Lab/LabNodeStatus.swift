/// One node as `lab status` shows it.
public struct LabNodeStatus: Sendable {
  public var name: String
  public var address: String
  public var port: Int
  public var pid: Int32?
  /// `running`, `stopped (hang)` or `not running`.
  public var sshd: String
  public var faults: [FaultMode]
  /// `running`, `off` or `hung`.
  public var power: String
  /// Members of its corosync partition (empty while corosync is down).
  public var members: [String]
  public var votes: Int
  public var expectedVotes: Int
  public var quorate: Bool
  /// The CRM's state for the node (`online`, `unknown`, `fence`, `maintenance`).
  public var haState: String
  public var guestsRunning: Int
  public var guests: Int
}
