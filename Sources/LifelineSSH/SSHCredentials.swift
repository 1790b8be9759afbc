/// What a connection may authenticate with, besides the node's identity file.
struct SSHCredentials: Sendable {
  /// The ssh-agent socket, or nil for no agent.
  var agentSocket: String?
  var passphrases: PassphraseSource
}
