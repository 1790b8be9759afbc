import Foundation
import LifelineCore
import LifelineSSH
import LifelineSystem
import SSHTestSupport
import Testing

/// Lifeline accepts a host key exactly where OpenSSH's `ssh` does, on the same known_hosts
/// file: each form of the file (markers, negation, wildcards, hashed names, `[host]:port`,
/// comma lists) is tried with both against a real sshd.
@Suite struct KnownHostsRulesTests {
  /// A known_hosts file, written from the server's name (`N`), its key (`K`) and another
  /// key (`O`), and whether `ssh` should accept it.
  struct Form: Sendable, CustomTestStringConvertible {
    var name: String
    var lines: @Sendable (_ n: String, _ k: String, _ o: String) -> [String]
    var accepted: Bool
    /// Hash the names with `ssh-keygen -H`, as `HashKnownHosts yes` does.
    var hashed = false
    var testDescription: String { name }
  }

  static let forms: [Form] = [
    Form(name: "the key for [host]:port", lines: { n, k, _ in ["\(n) \(k)"] }, accepted: true),
    Form(name: "the key for the bare host on another port", lines: { _, k, _ in ["127.0.0.2 \(k)"] }, accepted: true),
    Form(
      name: "another key for the bare host on another port", lines: { _, _, o in ["127.0.0.2 \(o)"] }, accepted: false),
    Form(
      name: "the bare host's key when [host]:port has another", lines: { n, k, o in ["\(n) \(o)", "127.0.0.2 \(k)"] },
      accepted: false),
    Form(
      name: "the bare host's key @revoked there", lines: { _, k, _ in ["127.0.0.2 \(k)", "@revoked 127.0.0.2 \(k)"] },
      accepted: false),
    Form(name: "another key", lines: { n, _, o in ["\(n) \(o)"] }, accepted: false),
    Form(name: "another key and the key", lines: { n, k, o in ["\(n) \(o)", "\(n) \(k)"] }, accepted: true),
    Form(name: "the key @revoked", lines: { n, k, _ in ["\(n) \(k)", "@revoked \(n) \(k)"] }, accepted: false),
    Form(
      name: "the key @revoked for every host", lines: { n, k, _ in ["@revoked * \(k)", "\(n) \(k)"] }, accepted: false),
    Form(name: "another key @revoked", lines: { n, k, o in ["@revoked \(n) \(o)", "\(n) \(k)"] }, accepted: true),
    Form(name: "the key only as @cert-authority", lines: { n, k, _ in ["@cert-authority \(n) \(k)"] }, accepted: false),
    Form(name: "an unknown marker", lines: { n, k, _ in ["@trusted \(n) \(k)"] }, accepted: false),
    Form(name: "a comma list", lines: { n, k, _ in ["pve9,10.0.0.9,\(n) \(k)"] }, accepted: true),
    Form(name: "a * wildcard", lines: { _, k, _ in ["[127.0.0.*]:* \(k)"] }, accepted: true),
    Form(
      name: "a ? wildcard",
      lines: { n, k, _ in [n.replacingOccurrences(of: "127.0.0.2", with: "127.0.0.?") + " \(k)"] }, accepted: true),
    Form(name: "* alone", lines: { _, k, _ in ["* \(k)"] }, accepted: true),
    Form(name: "a wildcard that does not match", lines: { _, k, _ in ["[10.*]:* \(k)"] }, accepted: false),
    Form(
      name: "a negated host in a matching list", lines: { n, k, _ in ["[127.0.0.*]:*,!\(n) \(k)"] }, accepted: false),
    Form(
      name: "a negated host first (the bare host still matches *)", lines: { n, k, _ in ["!\(n),* \(k)"] },
      accepted: true),
    Form(name: "the host negated in both forms", lines: { n, k, _ in ["!\(n),!127.0.0.2,* \(k)"] }, accepted: false),
    Form(name: "only a negation", lines: { n, k, _ in ["!\(n) \(k)"] }, accepted: false),
    Form(name: "another host negated", lines: { n, k, _ in ["!pve9,\(n) \(k)"] }, accepted: true),
    Form(name: "a negated wildcard", lines: { n, k, _ in ["\(n),![127.0.0.*]:* \(k)"] }, accepted: false),
    Form(
      name: "comments, blank and broken lines",
      lines: { n, k, _ in ["# \(n) \(k)", "", "garbage", "\(n) ssh-ed25519 !!!", "  \(n) \(k)"] },
      accepted: true),
    Form(name: "a hashed name", lines: { n, k, _ in ["\(n) \(k)"] }, accepted: true, hashed: true),
    Form(name: "a hashed other name", lines: { _, k, _ in ["[127.0.0.9]:22 \(k)"] }, accepted: false, hashed: true),
    Form(
      name: "a hashed name, @revoked", lines: { n, k, _ in ["\(n) \(k)", "@revoked \(n) \(k)"] }, accepted: false,
      hashed: true),
  ]

  /// What `ssh` decides: it logs in and runs `true`, or refuses the host key.
  static func sshAccepts(_ file: String, _ fixture: SSHServerFixture) throws -> Bool {
    let server = fixture.server("pve1")
    let ssh = "/usr/bin/ssh"
    let process = try ChildProcess(
      executable: ssh,
      arguments: [
        ssh, "-F", "/dev/null", "-o", "UserKnownHostsFile=\(file)", "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "UpdateHostKeys=no", "-o", "IdentitiesOnly=yes",
        "-i", fixture.clientKey.privateKeyFile, "-p", String(server.port), "\(fixture.user)@\(server.host)", "true",
      ], stdout: .nullDevice, stderr: .nullDevice)
    return ProcessExitStatus.shellStatus(of: process.reap()) == 0
  }

  static func lifelineAccepts(_ file: String, _ fixture: SSHServerFixture) async -> Bool {
    let executor = SSHExecutor(inventory: fixture.inventory(knownHosts: file), agentSocket: nil)
    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()
    return outcome == .exited(0)
  }

  @Test(arguments: forms)
  func lifelineDecidesAsSSHDoes(_ form: Form) async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let server = fixture.server("pve1")
    let lines = form.lines(
      server.knownHostsName, server.hostKey.publicKeyWithoutComment, fixture.strangerKey.publicKeyWithoutComment)
    let file = try fixture.writeKnownHosts(lines, named: "known_hosts_form")
    if form.hashed {
      let keygen = "/usr/bin/ssh-keygen"
      try ChildProcess(
        executable: keygen, arguments: [keygen, "-q", "-H", "-f", file], stdout: .nullDevice, stderr: .nullDevice
      ).reap()
      let text = try String(contentsOfFile: file, encoding: .utf8)
      #expect(text.contains("|1|"), "the names are hashed")
    }
    let ssh = try Self.sshAccepts(file, fixture)
    #expect(ssh == form.accepted, "ssh itself decides so on this file")
    #expect(await Self.lifelineAccepts(file, fixture) == ssh)
  }

  @Test func aRevokedKeyIsReportedAsRevoked() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let server = fixture.server("pve1")
    let file = try fixture.writeKnownHosts(
      [server.knownHostsEntry(), "@revoked \(server.knownHostsEntry())"], named: "known_hosts_revoked")
    let executor = SSHExecutor(inventory: fixture.inventory(knownHosts: file), agentSocket: nil)
    let outcome = await executor.run(.on("pve1", "true"), events: { _ in })
    await executor.shutdown()
    #expect(outcome == .failed(.hostKeyRevoked(node: "pve1", fingerprint: server.hostKey.fingerprint)))
    #expect(fixture.acceptedLogins(on: "pve1") == 0)
  }
}
