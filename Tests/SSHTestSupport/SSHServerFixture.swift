import Foundation

/// Real OpenSSH servers on loopback addresses, one per node, for tests that need SSH end to end.
///
/// Node *i* listens on `127.0.0.(i+2)` at a free port, with a host key of its own. One client key
/// is authorized on all of them and a known_hosts file lists every host key. Everything lives in
/// a temporary directory that ``stop()`` removes; servers are started and stopped by their own
/// PIDs. The API is plain Swift, for Swift Testing and XCTest alike:
///
/// ```swift
/// let fixture = try SSHServerFixture(nodes: ["pve1", "pve2"])
/// defer { fixture.stop() }
/// let server = fixture.server("pve1")   // host, port, host key, log
/// ```
public final class SSHServerFixture: @unchecked Sendable {
  /// The temporary directory that holds keys, configs, logs and known_hosts files.
  public let directory: String
  /// The login user: whoever runs the tests (root on the build machines).
  public let user: String
  /// Authorized on every server.
  public let clientKey: SSHKeyPair
  /// Authorized nowhere, for authentication failures.
  public let strangerKey: SSHKeyPair
  /// Lists every server's host key.
  public let knownHostsFile: String
  /// One per node, in the order given.
  public let servers: [SSHServer]

  private let lock = NSLock()
  private var daemons: [String: SSHDaemon] = [:]
  private var sockets: [Int32] = []
  private var agents: [SSHAgent] = []

  /// Starts one sshd per name in `nodes`.
  ///
  /// - Parameters:
  ///   - fastLoginShell: Points the sessions' `HOME` at an empty directory of the fixture (sshd
  ///     `SetEnv`), so the login shell starts bare. Root's shell here is bash, which sources
  ///     `~/.bashrc` even for `ssh host command`; a heavy one costs more than 100 ms a command.
  ///   - extraConfig: More sshd_config lines for every server.
  public init(nodes: [String] = ["node1"], fastLoginShell: Bool = true, extraConfig: [String] = []) throws {
    precondition(nodes.count <= 250, "a fixture has at most 250 loopback addresses")
    var template = Array("/tmp/lifeline-sshd.XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else { throw SSHFixtureError("mkdtemp failed") }
    let directory = String(cString: created)
    var started: [String: SSHDaemon] = [:]
    do {
      try Self.makePrivilegeSeparationDirectory()
      clientKey = try SSHKeyPair.generate(at: directory + "/client_ed25519", comment: "lifeline-test-client")
      strangerKey = try SSHKeyPair.generate(at: directory + "/stranger_ed25519", comment: "lifeline-test-stranger")
      // sshd reads authorized_keys as the login user.
      try Self.write([clientKey.publicKey], to: directory + "/authorized_keys", mode: 0o644)
      var sessionLines: [String] = []
      if fastLoginShell {
        let home = directory + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try Self.write([], to: home + "/.bashrc", mode: 0o644)
        sessionLines = ["SetEnv HOME=\(home)"]
      }
      var servers: [SSHServer] = []
      for (index, name) in nodes.enumerated() {
        let planned = SSHServer(
          name: name, host: "127.0.0.\(index + 2)", port: 0,
          hostKey: try SSHKeyPair.generate(at: "\(directory)/host_\(index)_ed25519", comment: name),
          configFile: "\(directory)/sshd_\(index).conf", logFile: "\(directory)/sshd_\(index).log")
        let (server, daemon) = try Self.start(planned, extraConfig: sessionLines + extraConfig, directory: directory)
        started[name] = daemon
        servers.append(server)
      }
      knownHostsFile = directory + "/known_hosts"
      try Self.write(servers.map { $0.knownHostsEntry() }, to: knownHostsFile, mode: 0o600)
      self.servers = servers
    } catch {
      started.values.forEach { $0.stop(signal: SIGTERM) }
      try? FileManager.default.removeItem(atPath: directory)
      throw error
    }
    self.directory = directory
    user = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
    daemons = started
  }

  deinit {
    stop()
  }

  public func server(_ name: String) -> SSHServer {
    guard let server = servers.first(where: { $0.name == name }) else {
      preconditionFailure("the fixture has no node '\(name)'")
    }
    return server
  }

  /// The PID of a node's sshd, nil while it is crashed.
  public func pid(of name: String) -> pid_t? {
    lock.withLock { daemons[name]?.pid }
  }

  /// Kills a node's sshd and everything below it with SIGKILL: its clients lose their
  /// connections mid-command, as when a node dies.
  public func crash(_ name: String) {
    let daemon = lock.withLock { daemons.removeValue(forKey: name) }
    daemon?.stop(signal: SIGKILL)
  }

  /// Starts a crashed node's sshd again, on the same address, port and host key.
  public func restart(_ name: String) throws {
    let daemon = try SSHDaemon(server(name))
    lock.withLock { daemons[name] = daemon }
  }

  /// Stops every server, agent and listener and removes the directory. Safe to call twice.
  public func stop() {
    let (daemons, sockets, agents) = lock.withLock {
      defer {
        self.daemons = [:]
        self.sockets = []
        self.agents = []
      }
      return (Array(self.daemons.values), self.sockets, self.agents)
    }
    daemons.forEach { $0.stop(signal: SIGTERM) }
    agents.forEach { $0.stop() }
    sockets.forEach { close($0) }
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// A TCP listener that accepts connections and never sends an SSH banner.
  public func silentListener(host: String = "127.0.0.1") throws -> LoopbackEndpoint {
    try hold(LoopbackEndpoint.bind(host: host, listen: true))
  }

  /// A port that refuses connections, held so no one else takes it.
  public func refusedEndpoint(host: String = "127.0.0.1") throws -> LoopbackEndpoint {
    try hold(LoopbackEndpoint.bind(host: host, listen: false))
  }

  /// Generates another ed25519 key in the fixture's directory; it is not authorized anywhere
  /// until ``authorize(_:)``.
  public func makeKey(named name: String, passphrase: String? = nil) throws -> SSHKeyPair {
    try SSHKeyPair.generate(at: "\(directory)/\(name)", comment: name, passphrase: passphrase)
  }

  /// Authorizes `key` on every server.
  public func authorize(_ key: SSHKeyPair) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/authorized_keys"))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((key.publicKey + "\n").utf8))
  }

  /// Writes a known_hosts file of the given lines into the fixture's directory; returns its path.
  public func writeKnownHosts(_ lines: [String], named name: String) throws -> String {
    let path = "\(directory)/\(name)"
    try Self.write(lines, to: path, mode: 0o600)
    return path
  }

  /// Starts an ssh-agent holding `keys`; the fixture stops it.
  public func startAgent(holding keys: [SSHKeyPair]) throws -> SSHAgent {
    let agent = try SSHAgent(socket: "\(directory)/agent-\(UUID().uuidString.prefix(8)).sock", keys: keys)
    lock.withLock { agents.append(agent) }
    return agent
  }

  /// A node's sshd log so far.
  public func log(of name: String) -> String {
    (try? String(contentsOfFile: server(name).logFile, encoding: .utf8)) ?? ""
  }

  /// How many SSH logins a node's sshd has accepted: one per connection.
  public func acceptedLogins(on name: String) -> Int {
    log(of: name).components(separatedBy: "Accepted publickey for ").count - 1
  }

  private func hold(_ bound: (endpoint: LoopbackEndpoint, socket: Int32)) -> LoopbackEndpoint {
    lock.withLock { sockets.append(bound.socket) }
    return bound.endpoint
  }

  /// Starts `server` on a free port, trying another port when a concurrent test took the one
  /// it picked between the check and sshd's bind.
  private static func start(_ server: SSHServer, extraConfig: [String], directory: String) throws -> (
    server: SSHServer, daemon: SSHDaemon
  ) {
    var lastError: Error = SSHFixtureError("no attempt")
    for _ in 1...5 {
      var server = server
      server.port = try LoopbackEndpoint.freePort(on: server.host)
      let config = SSHDaemonConfig(server: server, directory: directory, extraLines: extraConfig)
      try Data(config.text.utf8).write(to: URL(fileURLWithPath: server.configFile))
      do {
        return (server, try SSHDaemon(server))
      } catch {
        lastError = error
      }
    }
    throw lastError
  }

  private static func write(_ lines: [String], to path: String, mode: Int) throws {
    try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
  }

  /// sshd refuses to start without its privilege separation directory.
  private static func makePrivilegeSeparationDirectory() throws {
    try FileManager.default.createDirectory(
      atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
  }
}
