/// One node's sshd_config: its own address, host key and PID file; keys only; the simulated
/// commands first in PATH.
enum SSHDConfig {
  static let path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

  static func text(node: NodeLayout, address: String, port: Int, lab: LabLayout) -> String {
    """
    # Written by 'lifeline lab up' for node \(node.name).
    Port \(port)
    ListenAddress \(address)
    HostKey \(node.hostKey)
    PidFile \(node.pidFile)
    AuthorizedKeysFile \(lab.authorizedKeys)
    PubkeyAuthentication yes
    PasswordAuthentication no
    KbdInteractiveAuthentication no
    PermitRootLogin prohibit-password
    UsePAM no
    StrictModes no
    PrintMotd no
    PrintLastLog no
    UseDNS no
    MaxStartups 100:30:200
    LogLevel VERBOSE
    AcceptEnv LANG LC_*
    SetEnv PATH=\(path) LIFELINE_LAB_NODE=\(node.name)
    Subsystem sftp /usr/lib/openssh/sftp-server

    """
  }
}
