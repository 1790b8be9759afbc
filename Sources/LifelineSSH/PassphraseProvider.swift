/// What Lifeline needs a passphrase for: an encrypted private key that a node's inventory
/// entry names.
public struct PassphraseRequest: Sendable, Hashable {
  public var node: String
  /// The key file as the inventory writes it (`~/.ssh/id_ed25519`).
  public var keyFile: String

  public init(node: String, keyFile: String) {
    self.node = node
    self.keyFile = keyFile
  }
}

/// Asks the operator for a key's passphrase; nil when there is no one to ask or they declined.
///
/// It is called on a node's connection thread and may block (reading a terminal, say). Calls are
/// never concurrent, and a passphrase that worked is not asked for again by the same executor.
public typealias PassphraseProvider = @Sendable (PassphraseRequest) -> String?
