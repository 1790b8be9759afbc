/// The shell script each node's namespace runs before it becomes sshd: it mounts the node's own
/// view of /etc, /var/log, /mnt and /usr/local/sbin, its boot ID and watchdog device, sets the
/// hostname, and execs sshd. Everything it mounts lives and dies with the namespace; nothing
/// outside changes. A reinstalled node that has not joined yet gets its own /etc/pve.
enum StartScript {
  static let sshd = "/usr/sbin/sshd"

  static func text(node: NodeLayout, lab: LabLayout, storages: [StorageDefinition]) -> String {
    let q = ShellQuote.quote
    var lines = [
      "#!/bin/sh",
      "# Run by 'lifeline lab up' inside new namespaces (unshare) for node \(node.name).",
      "set -e",
      "mount -t overlay lifeline-etc -o lowerdir=/etc,upperdir=\(q(node.etcUpper)),workdir=\(q(node.etcWork)) /etc",
      "mount --bind \(q(node.network)) /etc/network",
      "mount --bind \(q(node.modprobe)) /etc/modprobe.d",
      "mount --bind \(q(node.corosyncEtc)) /etc/corosync",
      "if [ -d \(q(node.standalonePmxcfs)) ]; then",
      "  mount --bind \(q(node.standalonePmxcfs)) /etc/pve",
      "else",
      "  mount --bind \(q(lab.pmxcfs)) /etc/pve",
      "fi",
      "mount --bind \(q(node.log)) /var/log",
      "mount --bind \(q(node.bin)) /usr/local/sbin",
      "mount --bind \(q(node.mnt)) /mnt",
      "mount --bind \(q(node.bootID)) /proc/sys/kernel/random/boot_id",
      "if [ -d /sys/class/watchdog ]; then mount --bind \(q(node.watchdogClass)) /sys/class/watchdog; fi",
    ]
    for storage in storages {
      guard let directory = storage.labDirectory, let mountPath = storage.mountPath else { continue }
      lines.append("mount --bind \(q(lab.root + "/" + directory)) \(q(mountPath))")
    }
    lines += [
      "mount -t tmpfs -o mode=755 lifeline-run /run",
      "mkdir -p /run/sshd",
      "hostname \(q(node.name))",
    ]
    lines.append("exec " + ([sshd] + sshdArguments(node)).map(q).joined(separator: " "))
    return lines.joined(separator: "\n") + "\n"
  }

  /// sshd's arguments after its path: in the foreground, with the node's config and log.
  static func sshdArguments(_ node: NodeLayout) -> [String] {
    ["-D", "-f", node.sshdConfig, "-E", node.sshdLog]
  }
}
