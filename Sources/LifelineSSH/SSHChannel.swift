import CLibSSH
import LifelineCore

/// A session channel that runs one command. It keeps its session alive: libssh frees a
/// session's channels when the session is disconnected.
final class SSHChannel {
  private let session: SSHSession
  private let handle: ssh_channel
  private let exit = ChannelExit()
  private let callbacks: UnsafeMutablePointer<ssh_channel_callbacks_struct>

  /// Opens a channel on `session`; nil when it cannot, typically because the connection is gone.
  init?(on session: SSHSession) {
    guard let handle = ssh_channel_new(session.handle) else { return nil }
    guard ssh_channel_open_session(handle) == SSH_OK else {
      ssh_channel_free(handle)
      return nil
    }
    self.session = session
    self.handle = handle
    callbacks = .allocate(capacity: 1)
    callbacks.initialize(to: exit.makeCallbacks())
    ssh_set_channel_callbacks(handle, callbacks)
  }

  deinit {
    ssh_remove_channel_callbacks(handle, callbacks)
    if session.isConnected { ssh_channel_close(handle) }
    ssh_channel_free(handle)
    callbacks.deallocate()
  }

  /// Asks the server to run `command` in the user's login shell; false when it refused or the
  /// connection failed.
  func exec(_ command: String) -> Bool {
    ssh_channel_request_exec(handle, command) == SSH_OK
  }

  /// Copies what has arrived on `stream` into `buffer` without waiting: the byte count, 0 when
  /// nothing is there, a negative value at end of stream, `SSH_ERROR` when the connection failed.
  func read(into buffer: inout [UInt8], from stream: StandardStream) -> Int32 {
    buffer.withUnsafeMutableBytes {
      ssh_channel_read_nonblocking(handle, $0.baseAddress, UInt32($0.count), stream == .stderr ? 1 : 0)
    }
  }

  /// Both streams read to their end, and the server said how the process ended (or closed the
  /// channel without saying).
  var isFinished: Bool {
    ssh_channel_is_eof(handle) != 0 && (exit.isKnown || ssh_channel_is_closed(handle) != 0)
  }

  var outcome: CommandOutcome {
    if let signal = exit.signal { return .signaled(signal) }
    if let status = exit.status { return .exited(status) }
    return .failed(.other("the node closed the command's channel without an exit status"))
  }
}
