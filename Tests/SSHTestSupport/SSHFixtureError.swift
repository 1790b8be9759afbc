/// Why the sshd fixture could not do what a test asked.
public struct SSHFixtureError: Error, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}
