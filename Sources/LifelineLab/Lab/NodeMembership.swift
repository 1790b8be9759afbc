import Foundation

/// A reinstalled node becoming a cluster member again, for `pvecm add` and `lab heal --mode
/// reinstall`: the cluster's nodelist takes it, its /etc/pve becomes the cluster's (remounted in
/// its running namespace), it gets the cluster's corosync key, and its SSH keys are merged.
enum NodeMembership {
  static let nsenter = "/usr/bin/nsenter"

  static func join(_ index: Int, state: inout ClusterState, layout: LabLayout, at time: Double) throws {
    let name = state.nodes[index].name
    try useClusterFilesystem(name, layout: layout)
    state.join(index, at: time)
    try PmxcfsWriter.mergeSSHKeys(of: state.nodes[index], layout: layout, into: layout.pmxcfs)
  }

  /// Replaces the node's own /etc/pve by the cluster's, in its namespace when it runs.
  private static func useClusterFilesystem(_ name: String, layout: LabLayout) throws {
    let files = layout.node(name)
    let pid = (try? LabRuntime.load(layout))?.node(name)?.pid.flatMap { ProcessTable.isAlive($0) ? $0 : nil }
    if let pid {
      let result = try Subprocess.run(
        nsenter,
        [
          "--mount=/proc/\(pid)/ns/mnt", "--", "/bin/sh", "-c", "umount -l /etc/pve && mount --bind \"$0\" /etc/pve",
          layout.pmxcfs,
        ])
      guard result.succeeded else { throw LabError.cannotRun(nsenter, result.output) }
    }
    try NodeProvisioner.writeCorosyncKey(files, lab: layout)
    try FileManager.default.removeItem(atPath: files.standalonePmxcfs)
  }
}
