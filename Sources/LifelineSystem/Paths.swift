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

  /// Creates `path` for writing, only if nothing is there yet, and never through a symbolic
  /// link (`O_CREAT|O_EXCL|O_NOFOLLOW`): a link planted by another user cannot make Lifeline
  /// write where the link points. Returns the descriptor, or -1 with `errno` set.
  public static func createExclusively(_ path: String, mode: mode_t = 0o600) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
  }

  /// A new temporary file next to `path` (for write-then-rename), created exclusively under a
  /// name no one can predict. Returns its path and descriptor.
  public static func createTemporary(besides path: String, mode: mode_t = 0o600) -> (path: String, descriptor: Int32)? {
    for _ in 0..<8 {
      let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
      let descriptor = createExclusively(temporary, mode: mode)
      if descriptor >= 0 { return (temporary, descriptor) }
      if errno != EEXIST { return nil }
    }
    return nil
  }

  /// Why a folder is unsafe for Lifeline's records: every other user may write to it, so may
  /// remove or replace what is in it (a folder with the sticky bit, like /tmp, still lets
  /// them plant names). Nil when it is safe or does not exist.
  public static func writableByEveryone(_ directory: String) -> String? {
    var status = stat()
    guard stat(directory, &status) == 0, status.st_mode & S_IWOTH != 0 else { return nil }
    return "\(directory) can be written by every user (mode \(String(status.st_mode & 0o7777, radix: 8))): "
      + "anyone could remove or replace what is kept there; run chmod o-w \(directory)"
  }
}
