import Foundation
import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

@Suite("Host keys are checked strictly")
struct HostKeyVerificationTests {
  @Test("an unknown host key stops the connection before anything runs")
  func unknownHostKey() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let emptyKnownHosts = try fixture.writeKnownHosts([], named: "empty_known_hosts")
    let executor = SSHExecutor(inventory: fixture.inventory(knownHosts: emptyKnownHosts), agentSocket: nil)
    let marker = "\(fixture.directory)/ran-\(UUID().uuidString)"

    let recorder = EventRecorder()
    let outcome = await executor.run(.on("pve1", "touch \(marker)"), events: recorder.events)
    await executor.shutdown()

    let fingerprint = fixture.server("pve1").hostKey.fingerprint
    #expect(outcome == .failed(.hostKeyUnknown(node: "pve1", fingerprint: fingerprint)))
    #expect(recorder.connections.map(\.kind) == [.failed])
    #expect(recorder.connections.first?.fingerprint == fingerprint)
    #expect(!FileManager.default.fileExists(atPath: marker))
    #expect(fixture.acceptedLogins(on: "pve1") == 0)
  }

  @Test("a known_hosts file that does not exist means unknown, not accepted")
  func missingKnownHostsFile() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(
      inventory: fixture.inventory(knownHosts: fixture.directory + "/no/such/known_hosts"), agentSocket: nil)

    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()

    #expect(
      outcome == .failed(.hostKeyUnknown(node: "pve1", fingerprint: fixture.server("pve1").hostKey.fingerprint)))
  }

  @Test("a changed host key is a hard refusal: nothing runs")
  func changedHostKey() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let impostor = try fixture.makeKey(named: "previous_host_key")
    let knownHosts = try fixture.writeKnownHosts(
      [fixture.server("pve1").knownHostsEntry(recording: impostor)], named: "stale_known_hosts")
    let executor = SSHExecutor(inventory: fixture.inventory(knownHosts: knownHosts), agentSocket: nil)
    let marker = "\(fixture.directory)/ran-\(UUID().uuidString)"

    let outcome = await executor.run(.on("pve1", "touch \(marker)"), events: { _ in })
    await executor.shutdown()

    let fingerprint = fixture.server("pve1").hostKey.fingerprint
    #expect(outcome == .failed(.hostKeyChanged(node: "pve1", fingerprint: fingerprint)))
    #expect(!FileManager.default.fileExists(atPath: marker))
    #expect(fixture.acceptedLogins(on: "pve1") == 0)
  }

  @Test("a host key recorded without its port counts only when no line names [host]:port, as in ssh")
  func knownHostsEntryWithoutPort() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let server = fixture.server("pve1")
    // ssh accepts the bare host's very key when the file has nothing for [host]:port
    // (KnownHostsRulesTests compares with ssh itself); another key there is no vouching.
    let knownHosts = try fixture.writeKnownHosts(
      ["\(server.host) \(fixture.strangerKey.publicKeyWithoutComment)"], named: "portless_known_hosts")
    let executor = SSHExecutor(inventory: fixture.inventory(knownHosts: knownHosts), agentSocket: nil)

    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()

    #expect(outcome == .failed(.hostKeyUnknown(node: "pve1", fingerprint: server.hostKey.fingerprint)))
  }
}
