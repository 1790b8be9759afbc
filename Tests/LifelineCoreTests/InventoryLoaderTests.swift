import Testing

@testable import LifelineCore

@Suite struct InventoryLoaderTests {
  static func problems(_ text: String) -> [String] {
    do {
      _ = try InventoryLoader.load(text: text, file: "inv.yaml")
      return []
    } catch {
      return error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }
  }

  @Test func nodesInheritDefaultsAndOverrideThem() throws {
    let inventory = try InventoryLoader.load(
      text: """
        cluster: homelab-cluster
        defaults: {user: admin, port: 2222, identity: ~/.ssh/lab, known_hosts: ~/.ssh/lab_hosts, connect_timeout: 3s}
        nodes:
          proxmox:  {host: 192.168.1.137}
          proxmox2: {host: 192.168.1.125, port: 22, user: root}
          proxmox3:
            host: pve3.lan
            identity: /keys/pve3
            connect_timeout: 500ms
        """, file: "inv.yaml")
    #expect(inventory.cluster == "homelab-cluster" && inventory.file == "inv.yaml")
    #expect(inventory.nodeNames == ["proxmox", "proxmox2", "proxmox3"], "the file's order is the fan-out order")
    let first = try #require(inventory.node(named: "proxmox"))
    #expect(first.host == "192.168.1.137" && first.port == 2222 && first.user == "admin")
    #expect(
      first.identity == "~/.ssh/lab" && first.knownHosts == "~/.ssh/lab_hosts" && first.connectTimeout == .seconds(3))
    #expect(first.location == SourceLocation(file: "inv.yaml", line: 4, column: 3))
    let second = try #require(inventory.node(named: "proxmox2"))
    #expect(second.port == 22 && second.user == "root" && second.identity == "~/.ssh/lab")
    let third = try #require(inventory.node(named: "proxmox3"))
    #expect(third.host == "pve3.lan" && third.identity == "/keys/pve3" && third.connectTimeout == .milliseconds(500))
    #expect(third.port == 2222)
    #expect(inventory.node(named: "proxmox4") == nil)
  }

  @Test func withoutDefaultsTheStandardSettingsApply() throws {
    let inventory = try InventoryLoader.load(text: "cluster: c\nnodes:\n  a: {host: 10.0.0.1}\n", file: "inv.yaml")
    let node = try #require(inventory.nodes.first)
    #expect(node.port == 22 && node.user == "root" && node.identity == "~/.ssh/id_ed25519")
    #expect(node.knownHosts == "~/.ssh/known_hosts" && node.connectTimeout == .seconds(10))
  }

  @Test(arguments: [
    ("cluster: c\nnodes:\n  a: {hots: 10.0.0.1}\n", "3:7: unknown field 'hots' in node 'a' (did you mean 'host'?)"),
    ("cluster: c\nnodes:\n  a: {port: 22}\n", "3:3: node 'a' has no 'host'"),
    ("cluster: c\nnodes:\n  a: {host: x, port: 0}\n", "3:22: 'port' must be a whole number from 1 to 65535"),
    ("cluster: c\nnodes:\n  a: {host: x, port: 65536}\n", "3:22: 'port' must be a whole number from 1 to 65535"),
    ("cluster: c\nnodes:\n  a: {host: x, port: ssh}\n", "3:22: 'port' must be a whole number from 1 to 65535"),
    (
      "cluster: c\nnodes:\n  a: {host: x, connect_timeout: soon}\n",
      "3:33: 'connect_timeout' must be a duration such as 500ms, 30s, 5m or 1h"
    ),
    ("cluster: c\ndefaults: {host: x}\nnodes:\n  a: {host: y}\n", "2:12: unknown field 'host' in 'defaults'"),
    (
      "cluster: c\ndefaults: {prot: 2}\nnodes:\n  a: {host: y}\n",
      "2:12: unknown field 'prot' in 'defaults' (did you mean 'port'?)"
    ),
    (
      "cluster: c\nnodes:\n  local: {host: x}\n",
      "3:3: a node name must be one word of letters, digits, '-' and '_' (and not 'local' or 'all')"
    ),
    (
      "cluster: c\nnodes:\n  all: {host: x}\n",
      "3:3: a node name must be one word of letters, digits, '-' and '_' (and not 'local' or 'all')"
    ),
    (
      "cluster: c\nnodes:\n  'pve 1': {host: x}\n",
      "3:3: a node name must be one word of letters, digits, '-' and '_' (and not 'local' or 'all')"
    ),
    ("cluster: c\nnodes:\n  a: {host: 'two words'}\n", "3:13: 'host' must be a host name or an IP address"),
    ("cluster: c\nnodes:\n  a: {host: ''}\n", "3:13: 'host' must be a host name or an IP address"),
    ("cluster: c\nnodes: {}\n", "2:8: 'nodes' must map each node name to its settings"),
    ("cluster: c\nnodes: [a, b]\n", "2:8: 'nodes' must map each node name to its settings"),
    ("cluster: c\n", "1:1: the inventory has no 'nodes'"),
    ("nodes:\n  a: {host: x}\n", "1:1: the inventory has no 'cluster' name"),
    ("cluster: c\nnodse:\n  a: {host: x}\n", "2:1: unknown field 'nodse' in an inventory (did you mean 'nodes'?)"),
    ("cluster: c\nnodes:\n  a: {host: x}\n  a: {host: y}\n", "3:3: duplicate keys: a"),
    ("cluster: c\nnodes:\n  a: {host: x\n", "4:1: invalid YAML: did not find expected ',' or '}'"),
    ("", "1:1: the file is empty"),
  ])
  func mistakesAreReportedWhereTheyAre(text: String, expected: String) {
    let problems = Self.problems(text)
    #expect(problems.contains { $0.hasPrefix(expected) }, "got \(problems)")
  }

  @Test func everyMistakeIsReportedAtOnce() {
    let problems = Self.problems("cluster: c\nnodes:\n  a: {port: 0}\n  b: {host: x, user: [root]}\n")
    #expect(
      problems == [
        "3:13: 'port' must be a whole number from 1 to 65535", "3:3: node 'a' has no 'host'",
        "4:22: 'user' must be text",
      ])
  }
}
