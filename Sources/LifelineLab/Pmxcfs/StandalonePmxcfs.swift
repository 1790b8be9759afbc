import Foundation

/// The /etc/pve of a freshly installed node that is in no cluster yet: pmxcfs in local mode with
/// the installer's storage.cfg, its own node directory and SSH keys, and no corosync.conf.
enum StandalonePmxcfs {
  static func create(_ node: NodeLayout, address: String) throws {
    let root = node.standalonePmxcfs
    let manager = FileManager.default
    for directory in ["priv", "nodes/\(node.name)/qemu-server", "nodes/\(node.name)/lxc", "nodes/\(node.name)/priv"] {
      try manager.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
    }
    try PmxcfsWriter.write(
      SectionConfig(sections: [
        .init(type: "dir", id: "local", properties: [("path", "/var/lib/vz"), ("content", "iso,vztmpl,backup")]),
        .init(
          type: "lvmthin", id: "local-lvm",
          properties: [("thinpool", "data"), ("vgname", "pve"), ("content", "rootdir,images")]),
      ]).rendered(), to: root + "/storage.cfg")
    try PmxcfsWriter.write("keyboard: en-us\n", to: root + "/datacenter.cfg")
    try PmxcfsWriter.write("user:root@pam:1:0:::root@\(node.name).lab:::\n", to: root + "/user.cfg")
    let rootKey = try KeyGenerator.publicKey(node.rootKey) + " root@\(node.name)"
    let hostKey = try KeyGenerator.publicKey(node.hostKey)
    try PmxcfsWriter.write(rootKey + "\n", to: root + "/priv/authorized_keys")
    try PmxcfsWriter.write("\(node.name) \(hostKey)\n\(address) \(hostKey)\n", to: root + "/priv/known_hosts")
    try PmxcfsWriter.write("\(node.name) \(hostKey)\n", to: root + "/nodes/\(node.name)/ssh_known_hosts")
    for (link, target) in [
      ("local", "/etc/.pve-local-node"), ("qemu-server", "local/qemu-server"), ("lxc", "local/lxc"),
    ] {
      try manager.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: target)
    }
  }
}
