import LifelineCore
import SSHTestSupport

extension SSHServerFixture {
  /// An inventory of the fixture's servers, reached with its client key and known_hosts.
  func inventory(
    identity: String? = nil, knownHosts: String? = nil, connectTimeout: Duration = .seconds(10)
  ) -> Inventory {
    Inventory(
      cluster: "fixture",
      nodes: servers.map { server in
        InventoryNode(
          name: server.name, host: server.host, port: server.port, user: user,
          identity: identity ?? clientKey.privateKeyFile, knownHosts: knownHosts ?? knownHostsFile,
          connectTimeout: connectTimeout)
      })
  }

  /// One node of the inventory, for tests that change its settings.
  func inventoryNode(_ name: String) -> InventoryNode {
    inventory().node(named: name)!
  }
}
