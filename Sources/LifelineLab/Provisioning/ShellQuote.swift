import Foundation

/// Single-quotes a word for /bin/sh.
enum ShellQuote {
  static func quote(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
