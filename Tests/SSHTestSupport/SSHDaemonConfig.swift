/// The sshd_config of one fixture server.
struct SSHDaemonConfig {
  var server: SSHServer
  var directory: String
  var extraLines: [String]

  var text: String {
    let lines =
      [
        "ListenAddress \(server.host):\(server.port)",
        "HostKey \(server.hostKey.privateKeyFile)",
        "PidFile \(server.configFile).pid",
        "AuthorizedKeysFile \(directory)/authorized_keys",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password",
        // No PAM: nothing here is set up for it. StrictModes: keys live under /tmp.
        "UsePAM no",
        "StrictModes no",
        // Far above what tests open at once; the client caps its handshakes per address anyway.
        "MaxStartups 100:30:200",
        "LogLevel VERBOSE",
      ] + extraLines
    return lines.joined(separator: "\n") + "\n"
  }
}
