/// Small node tools: `lsmod` (which watchdog module is loaded), `modinfo`, `pveversion`, and
/// `ipmitool` (installed only when the lab was started with IPMI).
enum NodeToolsCommand {
  static func lsmod(state: ClusterState, context: SimulationContext) -> SimulationResult {
    let node = context.node(in: state)
    var modules: [(String, Int, String)] = [
      ("tcp_diag", 12288, "0"), ("inet_diag", 28672, "1 tcp_diag"), ("veth", 40960, "0"),
      ("ebtable_filter", 12288, "0"),
      ("ebtables", 45056, "1 ebtable_filter"), ("ip_set", 61440, "0"), ("ip6table_raw", 12288, "0"),
      ("iptable_raw", 12288, "0"), ("nf_tables", 372736, "0"), ("bonding", 233472, "0"), ("tls", 151552, "1 bonding"),
      ("nfnetlink_log", 20480, "1"), ("nfnetlink", 20480, "3 nf_tables,ip_set,nfnetlink_log"),
    ]
    if let module = node.loadedWatchdogModule {
      modules.insert((module, 16384, "2"), at: 0)
      if module == "iTCO_wdt" { modules.insert(("iTCO_vendor_support", 12288, "1 iTCO_wdt"), at: 1) }
    }
    let text = modules.map { name, size, users in
      name.padding(toLength: max(19, name.count), withPad: " ", startingAt: 0) + " "
        + TextColumns.padLeft(String(size), 8)
        + "  " + users + "\n"
    }.joined()
    return .output("Module                  Size  Used by\n" + text)
  }

  /// `modinfo [-n] [-F FIELD] [-k RELEASE] MODULE…`: the modules of the lab's kernel.
  static func modinfo(_ arguments: [String]) -> SimulationResult {
    let options = CommandLineOptions(arguments, valueless: ["n", "filename", "0", "null"])
    guard !options.positional.isEmpty else { return .failure("modinfo: ERROR: missing module or filename.", status: 1) }
    let field = options.flags.contains("n") || options.flags.contains("filename") ? "filename" : options.options["F"]
    var result = SimulationResult()
    for module in options.positional {
      guard let path = KernelModules.path(of: module) else {
        result.stderr += "modinfo: ERROR: Module \(module) not found.\n"
        result.status = 1
        continue
      }
      let fields: [(String, String)] = [
        ("filename", path), ("description", KernelModules.descriptions[module] ?? ""), ("license", "GPL"),
        ("name", module), ("vermagic", "\(KernelModules.release) SMP preempt mod_unload modversions "),
      ]
      if let field {
        if let value = fields.first(where: { $0.0 == field })?.1, !value.isEmpty { result.stdout += value + "\n" }
      } else {
        result.stdout += fields.filter { !$0.1.isEmpty }.map {
          ($0.0 + ":").padding(toLength: 16, withPad: " ", startingAt: 0) + $0.1 + "\n"
        }
        .joined()
      }
    }
    return result
  }

  static func pveversion(_ arguments: [String]) -> SimulationResult {
    if arguments.contains("-v") || arguments.contains("--verbose") {
      return .output(
        """
        proxmox-ve: 8.2.0 (running kernel: 6.8.12-4-pve)
        pve-manager: 8.2.4 (running version: 8.2.4/faa83925c9641325)
        corosync: 3.1.7-pve3
        libpve-cluster-perl: 8.0.7
        pve-cluster: 8.0.7
        pve-ha-manager: 4.0.5

        """)
    }
    return .output("pve-manager/8.2.4/faa83925c9641325 (running kernel: 6.8.12-4-pve)\n")
  }

  static func ipmitool(_ arguments: [String], state: ClusterState, context: SimulationContext) -> SimulationResult {
    let words = arguments.filter { !$0.hasPrefix("-") }
    let module = context.node(in: state).loadedWatchdogModule
    switch words.prefix(3).joined(separator: " ") {
    case "mc watchdog get":
      return .output(
        """
        Watchdog Timer Use:     SMS/OS (0x44)
        Watchdog Timer Is:      \(module == "ipmi_watchdog" ? "Started/Running" : "Stopped")
        Watchdog Timer Actions: Hard Reset (0x01)
        Pre-timeout interval:   0 seconds
        Timer Expiration Flags: 0x00
        Initial Countdown:      10 sec
        Present Countdown:      10 sec

        """)
    default:
      switch words.prefix(2).joined(separator: " ") {
      case "mc info":
        return .output(
          "Device ID                 : 32\nDevice Revision           : 1\nFirmware Revision         : 2.61\nIPMI Version              : 2.0\nManufacturer ID           : 10876\nManufacturer Name         : Supermicro\n"
        )
      case "chassis status":
        return .output("System Power         : on\nPower Overload       : false\nMain Power Fault     : false\n")
      case "power status", "chassis power":
        return .output("Chassis Power is on\n")
      default:
        return .failure("Invalid command: \(words.joined(separator: " "))", status: 1)
      }
    }
  }
}
