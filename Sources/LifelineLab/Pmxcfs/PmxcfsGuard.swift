import Foundation

/// pmxcfs's file semantics on the lab's /etc/pve (a plain host directory bind-mounted into every
/// node): the CPmxcfsGuard library, preloaded through each node's /etc/ld.so.preload, refuses
/// writes while the node is not quorate, links, a second config for one VMID and renames of
/// non-empty directories, as pve-cluster's src/pmxcfs does (see Sources/CPmxcfsGuard/PmxcfsGuard.c).
enum PmxcfsGuard {
  /// The library SwiftPM builds next to the lifeline binary.
  static let libraryName = "libLifelinePmxcfsGuard.so"

  /// Where a node's copy of the library and its quorum source live (seen at the same path inside
  /// the node's namespace, which shares the host's file system outside the mounts it makes).
  static func directory(_ node: NodeLayout) -> String { node.root + "/pmxcfs" }

  /// The built library next to `simulator`'s binary.
  static func builtLibrary(simulator: [String]) throws -> String {
    let binary = simulator.first ?? ""
    let resolved = URL(fileURLWithPath: binary).resolvingSymlinksInPath()
    let library = resolved.deletingLastPathComponent().appendingPathComponent(libraryName).path
    guard FileManager.default.fileExists(atPath: library) else {
      throw LabError.unsupported(
        "\(library) is missing: the lab's /etc/pve needs it to behave as pmxcfs (build it with 'swift build', "
          + "which builds it next to \(resolved.path))")
    }
    return library
  }

  /// Copies the library into the node's directory and lists it in the node's /etc/ld.so.preload.
  static func install(in node: NodeLayout, simulator: [String]) throws {
    let manager = FileManager.default
    let directory = directory(node)
    try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let copy = directory + "/" + libraryName
    try? manager.removeItem(atPath: copy)
    try manager.copyItem(atPath: try builtLibrary(simulator: simulator), toPath: copy)
    try (copy + "\n").write(toFile: node.etcUpper + "/ld.so.preload", atomically: false, encoding: .utf8)
  }

  /// Tells each node's library where its quorum comes from: pmxcfs is writable only while the
  /// node is quorate (dcdb.c `dcdb_send_fuse_message`), which the library asks the node's real
  /// corosync, in the node's network namespace, at each change; a node in local mode (standalone)
  /// is always writable.
  static func syncQuorumSource(_ state: ClusterState, layout: LabLayout) throws {
    for node in state.nodes {
      let directory = directory(layout.node(node.name))
      guard FileManager.default.fileExists(atPath: directory) else { continue }
      let source = node.standalone ? "local" : "corosync " + layout.networkNamespace(node.name)
      try PmxcfsWriter.write(source + "\n", to: directory + "/quorum-source")
    }
  }
}
