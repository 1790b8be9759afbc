/// Whether a node's journal took a seal's message at the end of a session.
public struct WitnessEntry: Sendable, Hashable {
  public var node: String
  public var logged: Bool
  /// Why not, when it was not.
  public var detail: String?

  public init(node: String, logged: Bool, detail: String? = nil) {
    self.node = node
    self.logged = logged
    self.detail = detail
  }
}
