import LifelineCore
import LifelineSSH
import SSHTestSupport
import Testing

/// A typo in a host name, a port that is no SSH server and a server that hangs up are told
/// apart, instead of all being "unreachable / timed out".
@Suite struct HandshakeFailureTests {
  static func outcome(host: String, port: Int) async -> CommandOutcome {
    let inventory = Inventory(
      cluster: "c", nodes: [InventoryNode(name: "pve9", host: host, port: port, connectTimeout: .seconds(3))])
    let executor = SSHExecutor(inventory: inventory, agentSocket: nil)
    let outcome = await executor.run(.on("pve9", "true"), events: { _ in })
    await executor.shutdown()
    return outcome
  }

  @Test func aHostNameThatDoesNotResolveIsAnUnknownHost() async {
    let outcome = await Self.outcome(host: "no-such-node.invalid", port: 22)
    guard case .failed(.unknownHost(let host, _)) = outcome else {
      Issue.record("expected an unknown host, got \(outcome)")
      return
    }
    #expect(host == "no-such-node.invalid")
    #expect(outcome.failure?.reason == "unknown host name")
  }

  @Test func aPortThatIsNoSSHServerIsAProtocolError() async throws {
    // An SSH-1 server: it answers with a banner no SSH-2 client can talk to.
    let listener = try ReplyingListener(reply: Array("SSH-1.5-OldServer\r\n".utf8))
    defer { listener.stop() }
    let outcome = await Self.outcome(host: listener.endpoint.host, port: listener.endpoint.port)
    guard case .failed(.protocolError(let address, _)) = outcome else {
      Issue.record("expected a protocol error, got \(outcome)")
      return
    }
    #expect(address == listener.endpoint.description)
    #expect(outcome.failure?.reason == "SSH protocol error")
  }

  @Test func aServerThatHangsUpAtOnceIsADisconnect() async throws {
    let listener = try ReplyingListener(reply: [])
    defer { listener.stop() }
    let outcome = await Self.outcome(host: listener.endpoint.host, port: listener.endpoint.port)
    guard case .failed(.disconnected(let address, _)) = outcome else {
      Issue.record("expected a disconnect, got \(outcome)")
      return
    }
    #expect(address == listener.endpoint.description)
    #expect(outcome.failure?.reason == "disconnected before login")
  }
}
