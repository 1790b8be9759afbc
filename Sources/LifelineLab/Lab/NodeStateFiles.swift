import Foundation

/// The node files that follow the cluster state rather than the operator: the boot ID that
/// /proc/sys/kernel/random/boot_id shows, and /sys/class/watchdog/watchdog0/identity.
enum NodeStateFiles {
  static func sync(_ state: ClusterState, layout: LabLayout) throws {
    for node in state.nodes {
      let files = layout.node(node.name)
      guard FileManager.default.fileExists(atPath: files.root) else { continue }
      try writeInPlace(dashed(node.bootID) + "\n", to: files.bootID)
      let device = files.watchdogClass + "/watchdog0"
      if let module = node.loadedWatchdogModule,
        let identity = KernelModules.watchdogDevice(module, ipmi: state.ipmiConfigured)
      {
        try FileManager.default.createDirectory(atPath: device, withIntermediateDirectories: true)
        try PmxcfsWriter.write(identity.identity + "\n", to: device + "/identity")
        try PmxcfsWriter.write("10\n", to: device + "/timeout")
      } else {
        try FileManager.default.createDirectory(atPath: files.watchdogClass, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: device)
      }
    }
  }

  /// `3a1f6c52-a7e2-4e6f-8d4c-1e2b3f4a5b6c` from the journal's 32-digit form.
  static func dashed(_ bootID: String) -> String {
    let characters = Array(bootID)
    guard characters.count == 32 else { return bootID }
    return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
  }

  /// A bind-mounted file keeps its inode: it is rewritten in place, never replaced by a rename.
  private static func writeInPlace(_ text: String, to path: String) throws {
    if let current = try? String(contentsOfFile: path, encoding: .utf8), current == text { return }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      try text.write(toFile: path, atomically: false, encoding: .utf8)
      return
    }
    defer { try? handle.close() }
    try handle.truncate(atOffset: 0)
    try handle.write(contentsOf: Data(text.utf8))
  }
}
