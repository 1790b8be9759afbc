import CLibSSH
import Glibc
import LifelineCore
import LifelineSystem

/// What the operator's OpenSSH client config (`~/.ssh/config`, or the inventory's
/// `ssh_config`) says about a node, read by libssh's own parser (`ssh_options_parse_config`),
/// with the inventory's own settings taking precedence, as `ssh -p -l -i` do over the config.
///
/// The node's `host` is matched against the `Host` patterns, as `ssh HOST` does. libssh 0.10
/// applies `HostName`, `Port`, `User`, `IdentityFile`, `ProxyCommand` and `ProxyJump`; it
/// turns `ProxyJump J` into the command `ssh -W '[%h]:%p' J` (src/config.c,
/// `ssh_config_parse_proxy_jump`), run through `/bin/sh` for each connection.
struct SSHClientConfig {
  /// The node with the config's settings applied where the inventory gave none.
  var node: InventoryNode
  /// The command whose stdin/stdout carry the connection (`ProxyCommand`, or a `ProxyJump`
  /// hop), nil for a direct TCP connection.
  var proxyCommand: String?

  /// Reads the node's config; a node without one (`ssh_config: none`, or no such file) is
  /// used as the inventory has it.
  static func resolve(_ node: InventoryNode, agentSocket: String?) throws(ExecutionFailure) -> SSHClientConfig {
    guard let configured = node.sshConfig else { return SSHClientConfig(node: node, proxyCommand: nil) }
    let file = Paths.expandTilde(configured)
    guard Paths.exists(file) else { return SSHClientConfig(node: node, proxyCommand: nil) }
    guard let probe = ssh_new() else { throw .other("libssh could not allocate a session") }
    defer { ssh_free(probe) }
    ssh_options_set(probe, SSH_OPTIONS_HOST, node.host)
    let defaultIdentity = string(probe, SSH_OPTIONS_IDENTITY)
    guard ssh_options_parse_config(probe, file) == 0 else {
      throw .other(
        "cannot read the SSH client config \(file): \(String(cString: ssh_get_error(UnsafeMutableRawPointer(probe))))")
    }
    var resolved = node
    let given = node.givenInInventory
    // HostName maps the inventory's host (an alias) to the address, as in `ssh ALIAS`.
    if let host = string(probe, SSH_OPTIONS_HOST) { resolved.host = host }
    var port: UInt32 = 0
    if !given.contains(.port), ssh_options_get_port(probe, &port) == SSH_OK, port > 0 { resolved.port = Int(port) }
    if !given.contains(.user), let user = string(probe, SSH_OPTIONS_USER) { resolved.user = user }
    if !given.contains(.identity), let identity = string(probe, SSH_OPTIONS_IDENTITY), identity != defaultIdentity {
      resolved.identity = identity
    }
    var proxy = string(probe, SSH_OPTIONS_PROXYCOMMAND)
    if proxy == "none" { proxy = nil }
    return SSHClientConfig(
      node: resolved,
      proxyCommand: proxy.map { hardenedJump($0, config: file, node: resolved, agentSocket: agentSocket) })
  }

  /// A `ProxyJump` hop is an `ssh` of its own: it is told to read the same config, to check
  /// the jump host's key strictly against the node's known_hosts file, never to ask anything,
  /// and to use Lifeline's agent. A `ProxyCommand` the operator wrote is run as written.
  static func hardenedJump(_ command: String, config: String, node: InventoryNode, agentSocket: String?) -> String {
    guard command.hasPrefix("ssh "), command.contains(" -W '[%h]:%p' ") else { return command }
    var options = [
      "-F", config, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
      "-o", "UserKnownHostsFile=" + Paths.expandTilde(node.knownHosts), "-o", "GlobalKnownHostsFile=/dev/null",
      "-o", "ConnectTimeout=\(max(1, node.connectTimeout.components.seconds))",
    ]
    if let agentSocket { options += ["-o", "IdentityAgent=" + agentSocket] }
    // libssh expands %h, %p, %r and %% in the command: a literal % is written %%.
    let quoted = options.map { ShellQuoting.quote($0).replacingOccurrences(of: "%", with: "%%") }
    return "ssh " + quoted.joined(separator: " ") + command.dropFirst(3)
  }

  private static func string(_ session: ssh_session, _ option: ssh_options_e) -> String? {
    var value: UnsafeMutablePointer<CChar>?
    guard ssh_options_get(session, option, &value) == SSH_OK, let value else { return nil }
    defer { ssh_string_free_char(value) }
    return String(cString: value)
  }
}
