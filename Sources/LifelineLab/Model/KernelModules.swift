/// The kernel modules of the lab's Proxmox VE kernel that `modinfo`, `lsmod` and watchdog-mux know,
/// and which watchdog drivers find hardware on the lab's machines: softdog always, the chipset's
/// iTCO_wdt (an Intel PCH TCO), and ipmi_watchdog only when the machine has a BMC (`lab up --ipmi`).
enum KernelModules {
  static let release = "6.8.12-4-pve"

  struct WatchdogIdentity: Sendable, Equatable {
    /// `struct watchdog_info.identity`, which watchdog-mux logs and sysfs shows.
    var identity: String
    var firmwareVersion: Int
  }

  /// Module name and its path below /lib/modules/RELEASE.
  static let paths: [String: String] = [
    "softdog": "kernel/drivers/watchdog/softdog.ko",
    "iTCO_wdt": "kernel/drivers/watchdog/iTCO_wdt.ko",
    "iTCO_vendor_support": "kernel/drivers/watchdog/iTCO_vendor_support.ko",
    "ipmi_watchdog": "kernel/drivers/char/ipmi/ipmi_watchdog.ko",
    "sp5100_tco": "kernel/drivers/watchdog/sp5100_tco.ko",
    "wdat_wdt": "kernel/drivers/watchdog/wdat_wdt.ko",
    "tcp_diag": "kernel/net/ipv4/tcp_diag.ko",
    "inet_diag": "kernel/net/ipv4/inet_diag.ko",
    "veth": "kernel/drivers/net/veth.ko",
    "ebtable_filter": "kernel/net/bridge/netfilter/ebtable_filter.ko",
    "ebtables": "kernel/net/bridge/netfilter/ebtables.ko",
    "ip_set": "kernel/net/netfilter/ipset/ip_set.ko",
    "ip6table_raw": "kernel/net/ipv6/netfilter/ip6table_raw.ko",
    "iptable_raw": "kernel/net/ipv4/netfilter/iptable_raw.ko",
    "nf_tables": "kernel/net/netfilter/nf_tables.ko",
    "bonding": "kernel/drivers/net/bonding/bonding.ko",
    "tls": "kernel/net/tls/tls.ko",
    "nfnetlink_log": "kernel/net/netfilter/nfnetlink_log.ko",
    "nfnetlink": "kernel/net/netfilter/nfnetlink.ko",
  ]

  /// What a module's `description` field says (modinfo).
  static let descriptions: [String: String] = [
    "softdog": "Software Watchdog Device Driver",
    "iTCO_wdt": "Intel TCO WatchDog Timer Driver",
    "iTCO_vendor_support": "Intel TCO Vendor Specific WatchDog Timer Driver Support",
    "ipmi_watchdog": "watchdog timer based upon the IPMI interface.",
    "sp5100_tco": "TCO timer driver for SP5100/SB800/SB900 chipsets",
    "wdat_wdt": "ACPI Hardware Watchdog (WDAT) driver",
  ]

  static func path(of module: String) -> String? {
    paths[module].map { "/lib/modules/\(release)/\($0)" }
  }

  /// The device a watchdog driver registers on this machine; nil when it finds no hardware.
  static func watchdogDevice(_ module: String, ipmi: Bool) -> WatchdogIdentity? {
    switch module {
    case "softdog": WatchdogIdentity(identity: "Software Watchdog", firmwareVersion: 0)
    case "iTCO_wdt": WatchdogIdentity(identity: "iTCO_wdt", firmwareVersion: 6)
    case "ipmi_watchdog" where ipmi: WatchdogIdentity(identity: "IPMI", firmwareVersion: 1)
    default: nil
    }
  }
}
