import Foundation

/// Where Lifeline keeps its files, following the XDG base directory specification
/// (Foundation on Linux resolves only some of these, so the rules are spelt out here).
public enum Paths {
  /// `$XDG_CONFIG_HOME/lifeline` (default `~/.config/lifeline`): inventories.
  public static var configDirectory: String { base("XDG_CONFIG_HOME", fallback: ".config") + "/lifeline" }
  /// `$XDG_DATA_HOME/lifeline` (default `~/.local/share/lifeline`): transcripts are records, not disposable state.
  public static var dataDirectory: String { base("XDG_DATA_HOME", fallback: ".local/share") + "/lifeline" }
  /// `$XDG_STATE_HOME/lifeline` (default `~/.local/state/lifeline`): REPL history.
  public static var stateDirectory: String { base("XDG_STATE_HOME", fallback: ".local/state") + "/lifeline" }

  public static var homeDirectory: String {
    if let home = ProcessInfo.processInfo.environment["HOME"], home.hasPrefix("/") { return home }
    return NSHomeDirectory()
  }

  /// A relative XDG value is ignored, as the specification requires.
  private static func base(_ variable: String, fallback: String) -> String {
    if let value = ProcessInfo.processInfo.environment[variable], value.hasPrefix("/") { return value }
    return homeDirectory + "/" + fallback
  }

  /// `~` and `~/…` expanded against the home directory.
  public static func expandTilde(_ path: String) -> String {
    if path == "~" { return homeDirectory }
    if path.hasPrefix("~/") { return homeDirectory + path.dropFirst(1) }
    return path
  }

  /// An absolute version of `path`, relative to the current directory.
  public static func absolute(_ path: String) -> String {
    let expanded = expandTilde(path)
    if expanded.hasPrefix("/") { return expanded }
    return FileManager.default.currentDirectoryPath + "/" + expanded
  }

  public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  public static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  /// Creates a directory and its parents with the given mode; existing ones are left as they are.
  public static func makeDirectory(_ path: String, mode: Int = 0o700) throws {
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
  }
}
