import Foundation
import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("lifeline trust: scan, compare, record")
struct HostKeyTrustTests {
  @Test("an unknown key is scanned, recorded in a new file, and then known")
  func unknownThenRecorded() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let server = fixture.server("pve1")
    var node = fixture.inventoryNode("pve1")
    node.knownHosts = fixture.directory + "/operator/.ssh/known_hosts"

    let scan = try await HostKeyTrust.scan(node)
    #expect(scan.status == .unknown)
    #expect(scan.keyType == "ssh-ed25519")
    #expect(scan.fingerprint == server.hostKey.fingerprint)
    #expect(scan.knownHostsName == server.knownHostsName)
    #expect(scan.knownHostsEntry == server.knownHostsEntry())

    try HostKeyTrust.record(scan)
    try HostKeyTrust.record(scan)

    let contents = try String(contentsOfFile: node.knownHosts, encoding: .utf8)
    #expect(contents == server.knownHostsEntry() + "\n")
    #expect(try permissions(node.knownHosts) == 0o600)
    #expect(try permissions(fixture.directory + "/operator/.ssh") == 0o700)
    #expect(try await HostKeyTrust.scan(node).status == .known)

    let executor = SSHExecutor(inventory: Inventory(cluster: "fixture", nodes: [node]), agentSocket: nil)
    #expect(await executor.run(.on("pve1", "true"), events: { _ in }) == .exited(0))
    await executor.shutdown()
    #expect(fixture.acceptedLogins(on: "pve1") == 1)
  }

  @Test("a changed key is refused, with the command that removes the old entry")
  func changedIsRefused() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let server = fixture.server("pve1")
    let previous = try fixture.makeKey(named: "previous_host_key")
    var node = fixture.inventoryNode("pve1")
    node.knownHosts = try fixture.writeKnownHosts([server.knownHostsEntry(recording: previous)], named: "stale")

    let scan = try await HostKeyTrust.scan(node)
    #expect(scan.status == .changed)
    #expect(scan.fingerprint == server.hostKey.fingerprint)

    #expect(throws: HostKeyTrustError.changed(scan)) { try HostKeyTrust.record(scan) }
    let message = HostKeyTrustError.changed(scan).description
    #expect(message.contains("ssh-keygen -R '\(server.knownHostsName)' -f \(node.knownHosts)"))
    #expect(
      try String(contentsOfFile: node.knownHosts, encoding: .utf8)
        == server.knownHostsEntry(recording: previous) + "\n")
  }

  @Test("scanning a node that refuses connections fails like a command would")
  func scanRefused() async throws {
    let fixture = try SSHServerFixture(nodes: [])
    defer { fixture.stop() }
    let endpoint = try fixture.refusedEndpoint()
    let node = InventoryNode(name: "pve9", host: endpoint.host, port: endpoint.port)

    await #expect(throws: ExecutionFailure.connectionRefused(address: endpoint.description)) {
      try await HostKeyTrust.scan(node)
    }
  }

  private func permissions(_ path: String) throws -> Int {
    try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
  }
}
