import CLibSSH

/// How the server says a channel's process ended. libssh 0.10 keeps the exit status but drops
/// the exit signal, so channel callbacks catch both.
final class ChannelExit {
  private(set) var status: Int32?
  /// The signal name without `SIG`, as RFC 4254 sends it (`TERM`).
  private(set) var signal: String?

  var isKnown: Bool { status != nil || signal != nil }

  /// Callbacks that fill this object; it must outlive their registration on the channel.
  func makeCallbacks() -> ssh_channel_callbacks_struct {
    var callbacks = ssh_channel_callbacks_struct()
    // What `ssh_callbacks_init`, a C macro, would do.
    callbacks.size = MemoryLayout<ssh_channel_callbacks_struct>.size
    callbacks.userdata = Unmanaged.passUnretained(self).toOpaque()
    callbacks.channel_exit_status_function = { _, _, status, userdata in
      guard let userdata else { return }
      Unmanaged<ChannelExit>.fromOpaque(userdata).takeUnretainedValue().status = status
    }
    callbacks.channel_exit_signal_function = { _, _, signal, _, _, _, userdata in
      guard let userdata, let signal else { return }
      let name = String(cString: signal)
      Unmanaged<ChannelExit>.fromOpaque(userdata).takeUnretainedValue().signal =
        name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name
    }
    return callbacks
  }
}
