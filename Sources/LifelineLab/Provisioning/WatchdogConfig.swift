import Foundation

/// /etc/default/pve-ha-manager, which tells watchdog-mux which watchdog module to load.
enum WatchdogConfig {
  static let path = "/etc/default/pve-ha-manager"

  /// The file as the package ships it: only comments, so watchdog-mux falls back to softdog.
  static let shipped = """
    # select watchdog module (default is softdog)
    #WATCHDOG_MODULE=ipmi_watchdog

    """

  /// A configured hardware watchdog.
  static var configured: String { shipped + "WATCHDOG_MODULE=\(Seed.watchdogModule)\n" }

  /// The module named by the last uncommented `WATCHDOG_MODULE=` line; nil means softdog.
  static func module(in text: String) -> String? {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix("WATCHDOG_MODULE=") }.last
      .map { String($0.dropFirst("WATCHDOG_MODULE=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")) }
      .flatMap { $0.isEmpty ? nil : $0 }
  }
}
