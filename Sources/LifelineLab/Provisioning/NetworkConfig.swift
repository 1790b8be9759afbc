import Foundation

/// The node's ifupdown2 files and the one question `ifreload -a` answers in the lab: is the
/// cluster address configured on an `auto` interface, reading `source` lines as ifupdown does?
enum NetworkConfig {
  static let sourceLine = "source /etc/network/interfaces.d/*"

  static func interfaces() -> String {
    """
    auto lo
    iface lo inet loopback

    iface eno1 inet manual

    \(sourceLine)

    """
  }

  /// The bridge that carries management and corosync traffic, kept in interfaces.d so it
  /// vanishes when the `source` line is lost.
  static func bridge(address: String) -> String {
    """
    auto vmbr0
    iface vmbr0 inet static
    \taddress \(address)/8
    \tgateway 127.77.0.254
    \tbridge-ports eno1
    \tbridge-stp off
    \tbridge-fd 0
    \tbridge-vlan-aware yes
    \tbridge-vids 2-4094

    """
  }

  /// The SDN VNet of the report (zone `internal`).
  static func sdn() -> String {
    """
    #version:3

    auto internal
    iface internal
    \taddress 127.77.5.1/24
    \tbridge_ports none
    \tbridge_stp off
    \tbridge_fd 0
    \talias int

    """
  }

  /// Whether `address` ends up on an `auto` interface after ifupdown reads `interfaces` and the
  /// files its `source`/`source-directory` lines include.
  static func configuresAddress(_ address: String, files: NodeFiles) -> Bool {
    let lines = expandedLines(of: "/etc/network/interfaces", files: files, depth: 0)
    var autoInterfaces = Set<String>()
    var current: String?
    var addressed = Set<String>()
    for raw in lines {
      let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard let keyword = words.first else { continue }
      switch keyword {
      case "auto", "allow-hotplug": words.dropFirst().forEach { autoInterfaces.insert($0) }
      case "iface": current = words.count > 1 ? words[1] : nil
      case "address":
        if let current, words.count > 1, words[1].split(separator: "/").first.map(String.init) == address {
          addressed.insert(current)
        }
      default: break
      }
    }
    return !addressed.isDisjoint(with: autoInterfaces)
  }

  /// Removes every `source`/`source-directory` line for interfaces.d (the network fault).
  static func withoutSourceLine(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !isSourceLine($0) }.joined(separator: "\n")
  }

  /// Puts the `source` line back at the end when it is missing.
  static func withSourceLine(_ text: String) -> String {
    if hasSourceLine(text) { return text }
    return (text.hasSuffix("\n") || text.isEmpty ? text : text + "\n") + "\n" + sourceLine + "\n"
  }

  static func hasSourceLine(_ text: String) -> Bool {
    text.split(separator: "\n").contains(where: isSourceLine)
  }

  private static func isSourceLine(_ line: Substring) -> Bool {
    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard words.count >= 2 else { return false }
    return (words[0] == "source" || words[0] == "source-directory") && words[1].hasPrefix("/etc/network/interfaces.d")
  }

  private static func expandedLines(of path: String, files: NodeFiles, depth: Int) -> [String] {
    guard depth < 4, let text = files.read(path) else { return [] }
    var lines: [String] = []
    for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.hasPrefix("#")
    {
      let words = line.split(separator: " ", maxSplits: 1).map(String.init)
      if words.count == 2, words[0] == "source" {
        for included in glob(words[1], files: files) {
          lines += expandedLines(of: included, files: files, depth: depth + 1)
        }
      } else if words.count == 2, words[0] == "source-directory" {
        for included in glob(words[1] + "/*", files: files) {
          lines += expandedLines(of: included, files: files, depth: depth + 1)
        }
      } else {
        lines.append(line)
      }
    }
    return lines
  }

  /// Expands a trailing `*` in the node's view of a directory.
  private static func glob(_ pattern: String, files: NodeFiles) -> [String] {
    guard pattern.hasSuffix("/*") else { return [pattern] }
    let directory = String(pattern.dropLast(2))
    let names = (try? FileManager.default.contentsOfDirectory(atPath: files.hostPath(directory))) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
  }
}
