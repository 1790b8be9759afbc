import CLibSSH
import Glibc
import LifelineCore

/// One libssh session, used by one thread only. Freed (and disconnected) when released.
final class SSHSession {
  let handle: ssh_session
  private var event: ssh_event?

  /// A session with Lifeline's fixed options and the node's address, user and timeouts; not
  /// yet connected. `proxyCommand` carries the connection instead of TCP (``SSHClientConfig``).
  init(node: InventoryNode, knownHostsFile: String, proxyCommand: String? = nil) {
    handle = ssh_new()
    var port = UInt32(clamping: node.port)
    var seconds = Int(node.connectTimeout.components.seconds)
    var microseconds = Int(node.connectTimeout.components.attoseconds / 1_000_000_000_000)
    var yes: Int32 = 1
    var no: Int32 = 0
    ssh_options_set(handle, SSH_OPTIONS_HOST, node.host)
    ssh_options_set(handle, SSH_OPTIONS_PORT, &port)
    ssh_options_set(handle, SSH_OPTIONS_USER, node.user)
    // The inventory and its ssh_config, already applied by SSHClientConfig, decide: libssh
    // reads no config of its own, and no global known_hosts.
    ssh_options_set(handle, SSH_OPTIONS_PROCESS_CONFIG, &no)
    if let proxyCommand { ssh_options_set(handle, SSH_OPTIONS_PROXYCOMMAND, proxyCommand) }
    ssh_options_set(handle, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null")
    ssh_options_set(handle, SSH_OPTIONS_KNOWNHOSTS, knownHostsFile)
    ssh_options_set(handle, SSH_OPTIONS_TIMEOUT, &seconds)
    ssh_options_set(handle, SSH_OPTIONS_TIMEOUT_USEC, &microseconds)
    // Without it every channel open waits about 40 ms for Nagle's algorithm.
    ssh_options_set(handle, SSH_OPTIONS_NODELAY, &yes)
  }

  deinit {
    if let event {
      ssh_event_remove_session(event, handle)
      ssh_event_free(event)
    }
    ssh_disconnect(handle)
    ssh_free(handle)
  }

  /// libssh's message for the last failure on this session.
  var lastError: String {
    String(cString: ssh_get_error(UnsafeMutableRawPointer(handle)))
  }

  /// Why the connection failed, for "connection lost" messages; libssh may have no words for a
  /// peer that just closed the socket.
  var failureDetail: String {
    let message = lastError
    return message.isEmpty ? "the node closed the connection" : message
  }

  /// False once the connection failed or closed; libssh notices that when it next reads or
  /// writes, not before.
  var isConnected: Bool {
    ssh_is_connected(handle) != 0 && ssh_get_status(handle) & SSH_CLOSED_ERROR == 0
  }

  /// Connects the socket and runs the key exchange; no host key check, no authentication.
  /// Returns libssh's message on failure.
  func connect() -> String? {
    guard ssh_connect(handle) == SSH_OK else { return lastError }
    // libssh opens its socket without close-on-exec; a child spawned elsewhere in this process
    // would otherwise keep the connection to the node open.
    let socket = ssh_get_fd(handle)
    if socket >= 0 { _ = fcntl(socket, F_SETFD, fcntl(socket, F_GETFD) | FD_CLOEXEC) }
    return nil
  }

  /// Waits up to `interval` for any packet on the session (data of any channel, EOF, exit
  /// status, close) and processes it. A failed connection shows in ``isConnected`` and in the
  /// channel reads that follow.
  func waitForTraffic(upTo interval: Duration) {
    if event == nil {
      event = ssh_event_new()
      if let event { ssh_event_add_session(event, handle) }
    }
    guard let event else { return }
    _ = ssh_event_dopoll(event, Int32(clamping: max(1, interval.milliseconds)))
  }
}
