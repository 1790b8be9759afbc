import Foundation
import Testing

@testable import LifelineCore

/// The inventory `lifeline init` writes, and what it would change in one already there.
@Suite struct InventoryWriterTests {
  static let fingerprint =
    "17:2C:3B:BA:36:3B:C4:88:70:69:CB:BB:83:8F:DB:28:8C:5B:66:5B:3B:14:12:33:71:17:14:A6:03:60:DD:D5"

  static var defaults: InventoryDefaults {
    var defaults = InventoryDefaults.standard
    defaults.identity = "/keys/my key"
    defaults.knownHosts = "~/.config/lifeline/known_hosts"
    return defaults
  }

  /// As `init` makes them: every node with the SSH settings of `defaults`.
  static let nodes = [
    InventoryNode(
      name: "pve-a", host: "10.10.10.1", identity: defaults.identity, knownHosts: defaults.knownHosts,
      apiURL: "https://10.10.10.1:8006", apiFingerprint: fingerprint),
    InventoryNode(
      name: "pve-b", host: "fd00::2", port: 2222, identity: defaults.identity, knownHosts: defaults.knownHosts,
      apiURL: "https://[fd00::2]:8006"),
  ]

  static var text: String {
    InventoryWriter.text(cluster: "rack #1", defaults: defaults, nodes: nodes, header: ["Written by a test."])
  }

  @Test func theLoaderReadsBackTheSameNodesAndSettings() throws {
    let inventory = try InventoryLoader.load(text: Self.text, file: "inventory.yaml")
    #expect(inventory.cluster == "rack #1")
    #expect(inventory.nodeNames == ["pve-a", "pve-b"])
    let a = try #require(inventory.node(named: "pve-a"))
    #expect(a.host == "10.10.10.1" && a.port == 22 && a.user == "root")
    #expect(a.identity == "/keys/my key" && a.knownHosts == "~/.config/lifeline/known_hosts")
    #expect(a.apiURL == "https://10.10.10.1:8006" && a.apiFingerprint == Self.fingerprint)
    let b = try #require(inventory.node(named: "pve-b"))
    #expect(b.host == "fd00::2" && b.port == 2222 && b.apiFingerprint == nil)
    #expect(InventoryDifferences(existing: inventory, cluster: "rack #1", nodes: Self.nodes).isEmpty)
  }

  @Test func theWrittenInventoryValidatesAgainstTheSchema() throws {
    #expect(Self.text.hasPrefix(InventoryWriter.schemaLine + "\n"))
    let schema = SchemaTests.repository.appendingPathComponent("schema/inventory.schema.json").path
    let errors = try SchemaValidator.errors(schema: schema, documents: [try SchemaYAMLJSON.convert(Self.text)])
    #expect(errors == [nil])
  }

  @Test func differencesNameEachEntryThatWouldChangeOrGo() throws {
    let existing = try InventoryLoader.load(
      text: """
        cluster: rack
        api: {url: "https://10.10.10.1:8006", token_id: "root@pam!lifeline", token_env: PVE_TOKEN}
        defaults: {identity: "/keys/my key", known_hosts: ~/.config/lifeline/known_hosts}
        nodes:
          pve-a: {host: 10.10.10.9, api_url: "https://10.10.10.1:8006", api_fingerprint: "\(Self.fingerprint.lowercased())"}
          pve-old: {host: 10.10.10.5}
        """, file: "inventory.yaml")
    let differences = InventoryDifferences(existing: existing, cluster: "rack #1", nodes: Self.nodes)
    #expect(differences.added == ["pve-b"])
    #expect(
      differences.changed.map(\.description) == [
        "cluster: rack → rack #1", "nodes.pve-a.host: 10.10.10.9 → 10.10.10.1",
        "nodes.pve-old: host 10.10.10.5 would be removed", "api: https://10.10.10.1:8006 would be removed",
      ], "a fingerprint written in another case is the same fingerprint")
  }
}
