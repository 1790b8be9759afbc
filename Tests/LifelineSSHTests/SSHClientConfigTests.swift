import Foundation
import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

/// `~/.ssh/config` (or the inventory's `ssh_config`) fills in what the inventory leaves out,
/// read by libssh's parser; a node behind a jump host is reached through it.
@Suite struct SSHClientConfigTests {
  /// Writes an OpenSSH client config into the fixture's directory.
  static func config(_ lines: [String], in fixture: SSHServerFixture) throws -> String {
    let path = fixture.directory + "/ssh_config"
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// `pve1-behind` reached through `bastion`, both logging in with the fixture's client key.
  static func jumpConfig(through jump: SSHServer, to target: SSHServer, in fixture: SSHServerFixture) throws -> String {
    let login = ["  User \(fixture.user)", "  IdentityFile \(fixture.clientKey.privateKeyFile)"]
    return try config(
      ["Host bastion", "  HostName \(jump.host)", "  Port \(jump.port)"] + login
        + ["Host pve1-behind", "  HostName \(target.host)", "  Port \(target.port)", "  ProxyJump bastion"] + login,
      in: fixture)
  }

  static func node(
    host: String, config: String, fixture: SSHServerFixture, given: Set<InventorySSHSetting> = [.host],
    port: Int = 22, user: String = "nobody-in-particular"
  ) -> Inventory {
    Inventory(
      cluster: "c",
      nodes: [
        InventoryNode(
          name: "pve1", host: host, port: port, user: user, identity: "/nonexistent/key",
          knownHosts: fixture.knownHostsFile, sshConfig: config, givenInInventory: given)
      ])
  }

  @Test func hostNamePortUserAndIdentityComeFromTheConfig() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let server = fixture.server("pve1")
    let config = try Self.config(
      [
        "Host pve1-alias", "  HostName \(server.host)", "  Port \(server.port)", "  User \(fixture.user)",
        "  IdentityFile \(fixture.clientKey.privateKeyFile)",
      ], in: fixture)
    let executor = SSHExecutor(
      inventory: Self.node(host: "pve1-alias", config: config, fixture: fixture), agentSocket: nil)
    let recorder = EventRecorder()
    let outcome = await executor.run(.on("pve1", "echo via-config"), events: recorder.events)
    await executor.shutdown()
    #expect(outcome == .exited(0))
    #expect(recorder.stdoutText == "via-config\n")
    #expect(fixture.acceptedLogins(on: "pve1") == 1)
  }

  @Test func theInventorysOwnSettingsWinOverTheConfig() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let server = fixture.server("pve1")
    let config = try Self.config(
      ["Host \(server.host)", "  Port 1", "  User nobody-in-particular", "  IdentityFile /nonexistent/key"],
      in: fixture)
    var inventory = Self.node(
      host: server.host, config: config, fixture: fixture, given: [.host, .port, .user, .identity], port: server.port,
      user: fixture.user)
    inventory.nodes[0].identity = fixture.clientKey.privateKeyFile
    let executor = SSHExecutor(inventory: inventory, agentSocket: nil)
    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()
    #expect(outcome == .exited(0))
  }

  @Test func aNodeBehindAJumpHostIsReachedThroughIt() async throws {
    let fixture = try SSHServerFixture(nodes: ["jump", "pve1"])
    defer { fixture.stop() }
    let jump = fixture.server("jump")
    let target = fixture.server("pve1")
    let config = try Self.jumpConfig(through: jump, to: target, in: fixture)
    let executor = SSHExecutor(
      inventory: Self.node(host: "pve1-behind", config: config, fixture: fixture), agentSocket: nil)
    let recorder = EventRecorder()
    let outcome = await executor.run(.on("pve1", "echo behind-the-jump"), events: recorder.events)
    let second = await executor.run(.on("pve1", "echo again"), events: { _ in })
    await executor.shutdown()
    #expect(outcome == .exited(0), "\(recorder.connections)")
    #expect(second == .exited(0))
    #expect(recorder.stdoutText == "behind-the-jump\n")
    #expect(fixture.acceptedLogins(on: "jump") == 1, "the connection went through the jump host")
    #expect(fixture.acceptedLogins(on: "pve1") == 1)
    #expect(recorder.connections.first?.fingerprint == target.hostKey.fingerprint, "the target's own key was checked")
  }

  @Test func aJumpHostWhoseKeyIsUnknownStopsTheConnection() async throws {
    let fixture = try SSHServerFixture(nodes: ["jump", "pve1"])
    defer { fixture.stop() }
    let jump = fixture.server("jump")
    let target = fixture.server("pve1")
    // known_hosts lists the target only: the hop must not accept the jump host's key blindly.
    let knownHosts = try fixture.writeKnownHosts([target.knownHostsEntry()], named: "target_only")
    let config = try Self.jumpConfig(through: jump, to: target, in: fixture)
    var inventory = Self.node(host: "pve1-behind", config: config, fixture: fixture)
    inventory.nodes[0].knownHosts = knownHosts
    let executor = SSHExecutor(inventory: inventory, agentSocket: nil)
    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()
    #expect(outcome.exitStatus == nil, "got \(outcome)")
    #expect(fixture.acceptedLogins(on: "jump") == 0)
    #expect(fixture.acceptedLogins(on: "pve1") == 0)
  }

  @Test func noConfigMeansTheInventoryAlone() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(
      inventory: Self.node(host: "pve1-alias", config: fixture.directory + "/no-such-config", fixture: fixture),
      agentSocket: nil)
    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()
    guard case .failed(.unknownHost(let host, _)) = outcome else {
      Issue.record("expected the alias not to resolve, got \(outcome)")
      return
    }
    #expect(host == "pve1-alias")
  }
}
