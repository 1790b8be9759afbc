import CLibSSH
import LifelineCore
import LifelineSystem

/// Authenticates a connected session: the ssh-agent first, when there is one, then the node's
/// identity file.
struct SSHAuthenticator {
  var credentials: SSHCredentials

  func authenticate(_ session: SSHSession, as node: InventoryNode) throws(ExecutionFailure) {
    var tried: [String] = []
    if let socket = credentials.agentSocket {
      ssh_options_set(session.handle, SSH_OPTIONS_IDENTITY_AGENT, socket)
      if ssh_userauth_agent(session.handle, nil) == SSH_AUTH_SUCCESS.rawValue { return }
      tried.append("agent")
    }
    let request = PassphraseRequest(node: node.name, keyFile: node.identity)
    let path = Paths.expandTilde(node.identity)
    switch PrivateKeyFile.load(path, for: request, passphrases: credentials.passphrases) {
    case .key(let key):
      defer { ssh_key_free(key) }
      if ssh_userauth_publickey(session.handle, nil, key) == SSH_AUTH_SUCCESS.rawValue { return }
      tried.append(node.identity)
    case .missing:
      tried.append("\(node.identity) (no such file)")
    case .encryptedWithoutPassphrase:
      tried.append("\(node.identity) (encrypted, no passphrase given: load it into ssh-agent with ssh-add)")
    case .wrongPassphrase:
      tried.append("\(node.identity) (wrong passphrase)")
    case .unreadable(let reason):
      tried.append("\(node.identity) (\(reason))")
    }
    throw .authenticationFailed(tried: tried)
  }
}
