import Foundation

/// A command that reports its process group and then runs until stopped, with a unique word in
/// the command line of the processes it leaves behind if the stop fails.
struct LingeringCommand {
  let marker = "lifeline-test-\(UUID().uuidString.prefix(8))"
  var ignoresTerm = false

  /// `group=PGID` on stdout, then `sleep | cat` in a child shell that mentions the marker.
  var text: String {
    let trap = ignoresTerm ? "trap '' TERM; " : ""
    return "\(trap)echo group=$$; sh -c 'sleep 3000 | cat; : \(marker)'"
  }

  /// The process group the command printed, once it has.
  static func group(in stdout: String) -> Int32? {
    guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("group=") }) else { return nil }
    return Int32(line.dropFirst("group=".count))
  }
}
