/// What a simulated command prints and how it exits.
public struct SimulationResult: Sendable, Equatable {
  public var stdout: String
  public var stderr: String
  public var status: Int32
  /// Set when the command could not take a pmxcfs lock and must try again (``CfsLock``).
  var awaitingLock: CfsLock?

  public init(stdout: String = "", stderr: String = "", status: Int32 = 0) {
    self.stdout = stdout
    self.stderr = stderr
    self.status = status
  }

  static func failure(_ message: String, status: Int32 = 255) -> SimulationResult {
    SimulationResult(stderr: message.hasSuffix("\n") ? message : message + "\n", status: status)
  }

  static func awaiting(_ lock: CfsLock) -> SimulationResult {
    var result = SimulationResult(status: 255)
    result.awaitingLock = lock
    return result
  }

  /// The result with what the command printed while it waited in front of its own stderr.
  func afterNotices(_ notices: String) -> SimulationResult {
    SimulationResult(stdout: stdout, stderr: notices + stderr, status: status)
  }

  static func output(_ text: String, status: Int32 = 0) -> SimulationResult {
    SimulationResult(stdout: text, status: status)
  }
}
