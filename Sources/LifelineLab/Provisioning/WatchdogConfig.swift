import Foundation

/// /etc/default/pve-ha-manager, which tells watchdog-mux which watchdog module to load.
enum WatchdogConfig {
  static let path = "/etc/default/pve-ha-manager"

  /// The file as the package ships it, byte for byte (pve-ha-manager
  /// `debian/pve-ha-manager.default`, 76 bytes, installed by `dh_installdefault`): only comments,
  /// so watchdog-mux falls back to softdog, and no final newline, so a line appended with `>>`
  /// joins the commented one.
  static let shipped = "# select watchdog module (default is softdog)\n#WATCHDOG_MODULE=ipmi_watchdog"

  /// A configured hardware watchdog, as an operator's editor leaves the file.
  static var configured: String { shipped + "\nWATCHDOG_MODULE=\(Seed.watchdogModule)\n" }

  /// The module named by the last uncommented `WATCHDOG_MODULE=` line; nil means softdog.
  static func module(in text: String) -> String? {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix("WATCHDOG_MODULE=") }.last
      .map { String($0.dropFirst("WATCHDOG_MODULE=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")) }
      .flatMap { $0.isEmpty ? nil : $0 }
  }
}
