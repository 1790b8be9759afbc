import Foundation
import LifelineCore

#if canImport(Glibc)
  import Glibc
#endif

/// The simulated Proxmox VE API of one lab node: ``scriptFile()`` run by python3 on
/// the node's loopback address, with a self-signed certificate of its own and the lab's API
/// token. Started and stopped by PID, like the nodes' sshd.
public enum LabAPIServer {
  /// The token id the lab's API accepts and its inventory names.
  public static let tokenID = "root@pam!lifeline"
  /// pveproxy's port.
  public static let standardPort = 8006

  /// Where one node's server runs and what it answers with.
  public struct Configuration: Sendable, Hashable {
    public var node: String
    /// A loopback address of the node, such as 127.0.0.2.
    public var address: String
    public var port: Int
    /// The node's PEM certificate and key (``makeCertificate(node:address:certificate:key:)``).
    public var certificate: String
    public var key: String
    /// The file holding the token's secret (``makeTokenFile(at:)``); the inventory's token_file.
    public var tokenFile: String
    /// The command that prints what the simulated node would, up to and including `--`:
    /// `[lifeline-lab, sim, --state, DIR, --node, NODE, --]`. The server appends
    /// `pvesh get PATH … --output-format json` or `ha-manager migrate SID NODE`.
    public var simCommand: [String]
    /// Where the script is written and where its log goes.
    public var script: String
    public var log: String

    public init(
      node: String, address: String, port: Int = LabAPIServer.standardPort, certificate: String, key: String,
      tokenFile: String, simCommand: [String], script: String, log: String
    ) {
      self.node = node
      self.address = address
      self.port = port
      self.certificate = certificate
      self.key = key
      self.tokenFile = tokenFile
      self.simCommand = simCommand
      self.script = script
      self.log = log
    }

    /// `https://ADDRESS:PORT`: the node's `api_url` in the lab's inventory.
    public var url: String { "https://\(address):\(port)" }
  }

  /// Creates a self-signed P-256 certificate for a node, valid for its address, like the
  /// `pve-ssl.pem` Proxmox gives each node, and returns its SHA-256 fingerprint.
  @discardableResult
  public static func makeCertificate(node: String, address: String, certificate: String, key: String) throws
    -> String
  {
    let openssl = try program("openssl")
    let made = try Subprocess.run(
      openssl,
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "825",
        "-keyout", key, "-out", certificate,
        "-subj", "/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=\(node).lab",
        "-addext", "subjectAltName=IP:\(address),DNS:\(node),DNS:localhost",
      ])
    guard made.succeeded else {
      throw LabError.io("openssl could not make the API certificate of \(node):\n\(made.output)")
    }
    chmod(key, 0o600)
    return try fingerprint(ofCertificate: certificate)
  }

  /// Writes a new token secret (a UUID, as Proxmox makes them) readable by its owner only,
  /// unless the file already holds one, and returns the secret.
  @discardableResult
  public static func makeTokenFile(at path: String) throws -> String {
    if let existing = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }),
      !existing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    {
      return existing.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let secret = UUID().uuidString.lowercased()
    guard
      FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
    else { throw LabError.io("cannot write the API token file \(path)") }
    return secret
  }

  /// The SHA-256 fingerprint of a PEM certificate, `AB:CD:…`: the node's `api_fingerprint`.
  public static func fingerprint(ofCertificate path: String) throws -> String {
    guard let pem = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }),
      let der = CertificateFingerprint.der(fromPEM: pem)
    else { throw LabError.io("cannot read the certificate \(path)") }
    return CertificateFingerprint.of(der: der)
  }

  /// The command that runs the server: python3, the script and its options. `start` runs it;
  /// the lab may instead put it in a node's start script.
  public static func commandLine(_ configuration: Configuration) throws -> [String] {
    let simCommand = String(
      decoding: try JSONSerialization.data(withJSONObject: configuration.simCommand), as: UTF8.self)
    return [
      try program("python3"), configuration.script, "--bind", configuration.address, "--port",
      String(configuration.port), "--cert", configuration.certificate, "--key", configuration.key, "--token-id",
      tokenID,
      "--token-file", configuration.tokenFile, "--sim", simCommand,
    ]
  }

  /// Writes the script, starts it detached and waits until it accepts connections; returns
  /// its PID. `prefix` (absolute program first) runs it through another command, such as
  /// `nsenter` into the node's namespaces, so that stopping or freezing the node does the
  /// same to its API. Throws with the server's log when it does not come up.
  public static func start(_ configuration: Configuration, prefix: [String] = []) throws -> Int32 {
    let source = try scriptFile()
    try? FileManager.default.removeItem(atPath: configuration.script)
    do {
      try FileManager.default.copyItem(atPath: source, toPath: configuration.script)
    } catch {
      throw LabError.io("cannot copy the API server script \(source) to \(configuration.script): \(error)")
    }
    let command = prefix + (try commandLine(configuration))
    let pid = try Subprocess.spawnDetached(command[0], Array(command.dropFirst()), logFile: configuration.log)
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      if PortProbe.accepts(address: configuration.address, port: configuration.port) { return pid }
      ProcessTable.reapIfChild(pid)
      if !ProcessTable.isAlive(pid) { break }
      usleep(50_000)
    }
    ProcessTable.terminate([pid])
    let log = (try? String(contentsOfFile: configuration.log, encoding: .utf8)) ?? ""
    throw LabError.io("the API server of node \(configuration.node) did not start on \(configuration.url):\n\(log)")
  }

  /// The server script, Sources/LifelineLab/Resources/api-server.py, where SwiftPM puts this
  /// module's resources: the bundle directory `Lifeline_LifelineLab.resources` next to the
  /// executable (lifeline-lab, or the test runner). Looked up by hand rather than through
  /// `Bundle.module`, which ends the process when the bundle is missing.
  public static func scriptFile() throws -> String {
    let executable = URL(
      fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
    let path = executable.deletingLastPathComponent().appendingPathComponent(
      "Lifeline_LifelineLab.resources/api-server.py"
    ).path
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw LabError.unsupported(
        "the lab's API server script \(path) is missing: 'swift build' puts it next to \(executable.path); "
          + "keep the Lifeline_LifelineLab.resources directory beside the binary when moving it")
    }
    return path
  }

  /// Stops the server with this PID, if that PID still runs `script` (a PID can be reused).
  public static func stop(pid: Int32, script: String) {
    guard let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
      String(decoding: commandLine, as: UTF8.self).split(separator: "\0").contains(Substring(script))
    else { return }
    ProcessTable.terminate([pid])
  }

  /// The absolute path of a program on PATH (posix_spawn does not search).
  private static func program(_ name: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") where access("\(directory)/\(name)", X_OK) == 0 {
      return "\(directory)/\(name)"
    }
    throw LabError.cannotRun(
      name, "not found on PATH (install it: apt-get install \(name == "python3" ? "python3" : "openssl"))")
  }
}
