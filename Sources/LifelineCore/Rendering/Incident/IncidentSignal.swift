/// What one journal line says about the incident, in the words corosync, libknet and
/// pve-ha-manager print them.
///
/// The messages follow their sources: corosync `exec/totemsrp.c` (`A new membership (%x.%llx)
/// was formed. Members joined: … left: …`, `Token has not been received in N ms`),
/// `exec/vsf_quorum.c` (`This node is within the primary component…`, `…non-primary
/// component…`, `Members[N]: …`), libknet `threads_heartbeat.c` and `host.c` as corosync logs
/// them under `[KNET  ]` (`link: host: 1 link: 0 is down`, `host: host: 1 has no active links`,
/// `host: 1 link: 0 is up`), and pve-ha-manager `Manager.pm` (`service 'ct:100': state changed
/// from 'fence' to 'recovery'`, `recover service 'ct:100' from fenced node 'pve1' to node
/// 'pve2'`), `NodeStatus.pm` (`node 'pve1': state changed from 'online' => 'unknown'`,
/// `fencing: acknowledged - got agent lock for node 'pve1'`) and `LRM.pm` (`starting service
/// ct:100`, `service status ct:100 started`).
enum IncidentSignal: Sendable, Hashable {
  /// A new totem membership; node ids that joined and left.
  case membership(ring: String, joined: [Int], left: [Int])
  case tokenLost(milliseconds: Int)
  /// The quorum members after a change (`[QUORUM] Members[2]: 2 3`).
  case quorumMembers([Int])
  /// This host's partition became quorate (true) or lost quorum (false).
  case quorate(Bool)
  case linkDown(nodeID: Int, link: Int)
  case linkUp(nodeID: Int, link: Int)
  case noActiveLinks(nodeID: Int)
  /// The CRM's view of a node (`online`, `unknown`, `fence`, `maintenance`, `gone`).
  case haNodeState(node: String, from: String, to: String)
  case fenced(node: String)
  /// A service's CRM state; `node` is where it is (or goes) when the line says.
  case haServiceState(service: String, from: String, to: String, node: String?)
  case recovered(service: String, from: String, to: String)
  /// The LRM of the line's host started the service.
  case serviceStarted(service: String)

  init?(program: String, message: String) {
    switch program {
    case "corosync": self.init(corosync: Self.withoutSubsystem(message))
    case "pve-ha-crm": self.init(crm: message)
    case "pve-ha-lrm": self.init(lrm: message)
    default: return nil
    }
  }

  /// `[TOTEM ] A new …` → `A new …`.
  private static func withoutSubsystem(_ message: String) -> Substring {
    let text = message.drop { $0 == " " }
    guard text.first == "[", let close = text.firstIndex(of: "]") else { return text }
    return text[text.index(after: close)...].drop { $0 == " " }
  }

  private init?(corosync text: Substring) {
    if let rest = text.after("A new membership (") {
      guard let close = rest.firstIndex(of: ")") else { return nil }
      let members = rest[close...]
      self = .membership(
        ring: String(rest[..<close]), joined: Self.ids(after: " joined:", in: members),
        left: Self.ids(after: " left:", in: members))
    } else if let rest = text.after("Token has not been received in ") {
      self = .tokenLost(milliseconds: Int(rest.prefix { $0.isNumber }) ?? 0)
    } else if text.hasPrefix("This node is within the primary component") {
      self = .quorate(true)
    } else if text.hasPrefix("This node is within the non-primary component") {
      self = .quorate(false)
    } else if let rest = text.after("Members["), let colon = rest.firstIndex(of: ":") {
      self = .quorumMembers(Self.numbers(rest[rest.index(after: colon)...]))
    } else if let rest = text.after("host: "), let link = Self.link(rest) {
      switch link.state {
      case "down": self = .linkDown(nodeID: link.host, link: link.link)
      case "up": self = .linkUp(nodeID: link.host, link: link.link)
      default: return nil
      }
    } else if let rest = text.after("host: host: "), rest.hasSuffix(" has no active links"),
      let host = Int(rest.prefix { $0.isNumber })
    {
      self = .noActiveLinks(nodeID: host)
    } else {
      return nil
    }
  }

  private init?(crm text: String) {
    let quoted = Self.quoted(text)
    if text.hasPrefix("node '"), text.contains("': state changed from '"), quoted.count >= 3 {
      self = .haNodeState(node: quoted[0], from: quoted[1], to: quoted[2])
    } else if text.hasPrefix("service '"), text.contains("': state changed from '"), quoted.count >= 3 {
      let node = text.after("(node = ").map { String($0.prefix { $0 != "," && $0 != ")" }) }
      self = .haServiceState(service: quoted[0], from: quoted[1], to: quoted[2], node: node)
    } else if text.hasPrefix("fencing: acknowledged - got agent lock for node '"), quoted.count == 1 {
      self = .fenced(node: quoted[0])
    } else if text.hasPrefix("recover service '"), text.contains("' from fenced node '"), quoted.count == 3 {
      self = .recovered(service: quoted[0], from: quoted[1], to: quoted[2])
    } else {
      return nil
    }
  }

  private init?(lrm text: String) {
    if let rest = text.after("service status "), rest.hasSuffix(" started") {
      self = .serviceStarted(service: String(rest.dropLast(" started".count)))
    } else {
      return nil
    }
  }

  /// The node ids after `marker` (` left:`), up to the first word that is not one.
  private static func ids(after marker: String, in text: Substring) -> [Int] {
    guard let range = text.firstRange(of: marker) else { return [] }
    var ids: [Int] = []
    for word in text[range.upperBound...].split(separator: " ") {
      guard let id = Int(word) else { break }
      ids.append(id)
    }
    return ids
  }

  private static func numbers(_ text: Substring) -> [Int] {
    text.split(separator: " ").compactMap { Int($0.filter(\.isNumber)) }
  }

  /// `1 link: 0 is down` (after `host: `; `link: host: …` and `rx: host: …` both lead here).
  private static func link(_ text: Substring) -> (host: Int, link: Int, state: String)? {
    let words = text.split(separator: " ")
    guard words.count == 5, words[1] == "link:", words[3] == "is", let host = Int(words[0]),
      let link = Int(words[2])
    else { return nil }
    return (host, link, String(words[4]))
  }

  /// The texts between single quotes, in order.
  private static func quoted(_ text: String) -> [String] {
    let parts = text.split(separator: "'", omittingEmptySubsequences: false)
    return stride(from: 1, to: parts.count - 1, by: 2).map { String(parts[$0]) }
  }
}

extension StringProtocol {
  /// The text after the first occurrence of `marker`, or nil.
  fileprivate func after(_ marker: String) -> SubSequence? {
    firstRange(of: marker).map { self[$0.upperBound...] }
  }
}
