import LifelineHTTP
import LifelineLineEditor
import LifelineSSH

/// The version `--version` prints and every transcript records.
enum Version {
  static let number = "0.1.0"

  /// The tool and the C libraries it runs with: incident records need both.
  static var description: String {
    let curl = HTTPSClient.libraryVersion.split(separator: " ").first.map(String.init) ?? "libcurl"
    let ssh = LibSSHVersion.current.split(separator: "/").first.map(String.init) ?? "unknown"
    return "lifeline \(number) (libssh \(ssh), \(curl.replacingOccurrences(of: "/", with: " ")), libedit API \(LibEditVersion.current))"
  }
}
