/// `ip [-o] [-br] [-4|-6] addr|link [show] [dev IF]` as a node sees its interfaces: loopback,
/// the NIC eno1 (a port of vmbr0), and, while the interfaces.d files are applied, the bridge
/// vmbr0 with the cluster address and the SDN VNet. Other `ip` subcommands run the real tool
/// (``LabSimulator``), since they show the host's truth anyway.
enum IPCommand {
  static let realTool = "/usr/sbin/ip"

  struct Interface {
    var index: Int
    var name: String
    var flags: String
    var state: String
    var mtu: Int
    var link: String
    var master: String?
    var addresses: [String]
  }

  /// Whether `ip` with these arguments is one the lab answers itself.
  static func handles(_ arguments: [String]) -> Bool {
    guard let object = arguments.first(where: { !$0.hasPrefix("-") }) else { return false }
    return ["a", "addr", "address", "l", "link"].contains(object)
  }

  static func run(_ arguments: [String], state: ClusterState, context: SimulationContext) -> SimulationResult {
    let options = Set(arguments.filter { $0.hasPrefix("-") })
    let words = arguments.filter { !$0.hasPrefix("-") }
    let object = words.first ?? ""
    let oneLine = options.contains("-o") || options.contains("-oneline")
    let brief = options.contains("-br") || options.contains("-brief")
    var interfaces = self.interfaces(context.node(in: state))
    if let device = words.firstIndex(of: "dev").map({ words.index(after: $0) }), words.indices.contains(device) {
      interfaces = interfaces.filter { $0.name == words[device] }
      if interfaces.isEmpty { return .failure("Device \"\(words[device])\" does not exist.", status: 1) }
    }
    let family = options.contains("-4") ? "inet" : options.contains("-6") ? "inet6" : nil
    let addresses = object != "l" && object != "link"
    var text = ""
    for interface in interfaces {
      let shown = interface.addresses.filter { family == nil || kind(of: $0) == family }
      if brief {
        let detail = addresses ? shown : [interface.link, "<\(interface.flags)>"]
        text += pad(interface.name, 16) + " " + pad(interface.state, 14) + " " + detail.map { $0 + " " }.joined() + "\n"
      } else if oneLine, addresses {
        for address in shown {
          text += "\(interface.index): \(interface.name)    \(kind(of: address)) \(address) scope \(scope(of: address))"
          text += " \(interface.name)\\       valid_lft forever preferred_lft forever\n"
        }
      } else {
        if addresses, family != nil, shown.isEmpty { continue }
        text += "\(interface.index): \(interface.name): <\(interface.flags)> mtu \(interface.mtu) qdisc "
        text += interface.name == "lo" ? "noqueue" : interface.master != nil ? "mq" : "noqueue"
        text += interface.master.map { " master \($0)" } ?? ""
        text += " state \(interface.state) group default qlen 1000\n"
        let linkType = interface.name == "lo" ? "loopback" : "ether"
        let broadcast = interface.name == "lo" ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff"
        text += "    link/\(linkType) \(interface.link) brd \(broadcast)\n"
        if addresses {
          for address in shown {
            text += "    \(kind(of: address)) \(address) scope \(scope(of: address)) \(interface.name)\n"
            text += "       valid_lft forever preferred_lft forever\n"
          }
        }
      }
    }
    return .output(text)
  }

  static func interfaces(_ node: ClusterNode) -> [Interface] {
    let mac = String(format: "bc:24:11:%02x:%02x:%02x", node.nodeID, node.nodeID * 7 % 256, node.nodeID * 13 % 256)
    let up = "BROADCAST,MULTICAST,UP,LOWER_UP"
    var list = [
      Interface(
        index: 1, name: "lo", flags: "LOOPBACK,UP,LOWER_UP", state: "UNKNOWN", mtu: 65536, link: "00:00:00:00:00:00",
        master: nil, addresses: ["127.0.0.1/8", "::1/128"]),
      Interface(
        index: 2, name: "eno1", flags: up, state: "UP", mtu: 1500, link: mac, master: node.linkUp ? "vmbr0" : nil,
        addresses: []),
    ]
    if node.linkUp {
      list.append(
        Interface(
          index: 3, name: "vmbr0", flags: up, state: "UP", mtu: 1500, link: mac, master: nil,
          addresses: ["\(node.address)/8"]))
      list.append(
        Interface(
          index: 4, name: "internal", flags: up, state: "UNKNOWN", mtu: 1500, link: "bc:24:11:5d:00:01", master: nil,
          addresses: ["127.77.5.1/24"]))
    }
    return list
  }

  private static func kind(of address: String) -> String { address.contains(":") ? "inet6" : "inet" }

  private static func scope(of address: String) -> String {
    address.hasPrefix("127.0.0.1") || address.hasPrefix("::1") ? "host" : "global"
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text.padding(toLength: width, withPad: " ", startingAt: 0)
  }
}
