import Foundation

/// The `lifeline` executable under test: `$LIFELINE_BINARY`, else the one built next to
/// these tests, else `.build/debug/lifeline` of the package.
enum REPLBinary {
  static var path: String {
    if let chosen = ProcessInfo.processInfo.environment["LIFELINE_BINARY"], !chosen.isEmpty { return chosen }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for folder in [beside, beside.deletingLastPathComponent()] {
      let candidate = folder.appendingPathComponent("lifeline").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return packageRoot + "/.build/debug/lifeline"
  }

  /// The package root: this file is `Tests/LifelineCLITests/REPLBinary.swift` in it.
  static var packageRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }
}
