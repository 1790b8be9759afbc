import Foundation

/// `~` in the paths an inventory names (token_file, ca_file), as the shell reads it.
enum HomePath {
  static func expand(_ path: String, environment: [String: String]) -> String {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    let home = environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? NSHomeDirectory()
    return home + path.dropFirst()
  }
}
