/// What a simulated command prints and how it exits.
public struct SimulationResult: Sendable, Equatable {
  public var stdout: String
  public var stderr: String
  public var status: Int32

  public init(stdout: String = "", stderr: String = "", status: Int32 = 0) {
    self.stdout = stdout
    self.stderr = stderr
    self.status = status
  }

  static func failure(_ message: String, status: Int32 = 255) -> SimulationResult {
    SimulationResult(stderr: message.hasSuffix("\n") ? message : message + "\n", status: status)
  }

  static func output(_ text: String, status: Int32 = 0) -> SimulationResult {
    SimulationResult(stdout: text, status: status)
  }
}
