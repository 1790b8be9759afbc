import Foundation

/// Warns about credential files that other users can read: a private key or an API token
/// file that is group- or world-readable is as good as published on a shared admin host.
public enum CredentialPermissions {
  /// One warning per readable file, naming it and the fix; files that do not exist are skipped
  /// (the connection itself reports those).
  public static func warnings(for files: [(path: String, what: String)]) -> [String] {
    var seen: Set<String> = []
    var warnings: [String] = []
    for (path, what) in files {
      let expanded = Paths.expandTilde(path)
      guard seen.insert(expanded).inserted else { continue }
      var status = stat()
      guard stat(expanded, &status) == 0 else { continue }
      let mode = status.st_mode & 0o077
      guard mode & 0o044 != 0 else { continue }
      let who = mode & 0o004 != 0 ? "every user" : "its group"
      warnings.append(
        "warning: \(what) \(expanded) can be read by \(who) (mode \(String(status.st_mode & 0o777, radix: 8))); run: chmod 600 \(expanded)"
      )
    }
    return warnings
  }
}
