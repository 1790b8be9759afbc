/// Why a console line is not a command, worded for the operator, with the closest valid word
/// when there is one.
public struct ConsoleParseError: Error, Sendable, Hashable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) { self.description = description }
}
