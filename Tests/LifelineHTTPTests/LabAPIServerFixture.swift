import Foundation
import LifelineCore
import LifelineLab
import LifelineSystem
import Testing

@testable import LifelineHTTP

/// The lab's real API server script (LifelineLab's resource api-server.py), run by python3
/// on 127.0.0.1 with a fresh self-signed certificate, token file and a fake simulator, for
/// one test.
final class LabAPIServerFixture: @unchecked Sendable {
  static let tokenID = "root@pam!lifeline"
  let directory: String
  let secret = "7c1e9a52-3f0d-4b8e-9d61-2a4f8c0e5b13"
  let certificate: String
  let otherCertificate: String
  let key: String
  private(set) var port = 0
  private let process: ChildProcess

  var url: String { "https://127.0.0.1:\(port)" }
  var tokenFile: String { directory + "/api-token" }
  var serverLog: String { (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? "" }
  var simulatorLog: String { (try? String(contentsOfFile: directory + "/sim.log", encoding: .utf8)) ?? "" }
  var fingerprint: String { CertificateFingerprint.of(der: try! Self.der(certificate)) }
  var token: APIToken { APIToken(id: Self.tokenID, secret: secret) }

  /// Runs `body` with a server that is stopped afterwards, whatever happens. At most a few
  /// servers run at once, so the tests stay quick on a busy two-core machine.
  static func with<T>(_ body: (LabAPIServerFixture) async throws -> T) async throws -> T {
    await ServerSlots.shared.acquire()
    let result: Result<T, any Error>
    do {
      let fixture = try LabAPIServerFixture()
      defer { fixture.stop() }
      try await fixture.waitUntilListening()
      result = .success(try await body(fixture))
    } catch {
      result = .failure(error)
    }
    await ServerSlots.shared.release()
    return try result.get()
  }

  private init() throws {
    let material = try Material.prepared.get()
    certificate = material.certificate
    otherCertificate = material.otherCertificate
    key = material.key
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-api-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try writeFile(directory + "/api-token", secret + "\n", mode: 0o600)
    try writeFile(directory + "/sim.sh", Self.simulator(log: directory + "/sim.log"), mode: 0o755)
    try writeFile(directory + "/server.py", material.script)
    try writeFile(directory + "/server.log", "")

    process = try ChildProcess(
      executable: "python3",
      arguments: [
        "python3", directory + "/server.py", "--bind", "127.0.0.1", "--port", "0", "--cert", certificate,
        "--key", key, "--token-id", Self.tokenID, "--token-file", directory + "/api-token",
        "--sim", #"["\#(directory)/sim.sh"]"#,
      ], stdout: .nullDevice, stderr: .file(directory + "/server.log", append: true), grouping: .inherited)
  }

  func stop() {
    process.signal(SIGKILL)
    process.reap()
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// Whether any HTTP request line reached the server.
  var receivedRequests: Bool { serverLog.contains("\"GET /") || serverLog.contains("\"POST /") }

  func client(secret: String? = nil, store: APITrustStore? = nil) -> ProxmoxAPIClient {
    ProxmoxAPIClient(token: APIToken(id: Self.tokenID, secret: secret ?? self.secret), trustStore: store)
  }

  func request(
    _ path: String, method: APIMethod = .get, form: String? = nil, trust: APITrust?, timeout: Duration = .seconds(10)
  )
    -> APIRequest
  {
    APIRequest(
      method: method, url: url + "/api2/json" + path, form: form, trust: trust, connectTimeout: .seconds(3),
      timeout: timeout)
  }

  /// An inventory whose API is this server, pinned by fingerprint.
  func inventory() -> Inventory {
    Inventory(
      cluster: "lab", nodes: [InventoryNode(name: "pve1", host: "127.0.0.1", apiURL: url)],
      api: APISettings(
        url: url, tokenID: Self.tokenID, tokenSecret: .file(tokenFile), fingerprint: fingerprint,
        connectTimeout: .seconds(3)))
  }

  // MARK: Making the pieces

  /// The fake simulator: canned `pvesh get` answers by path, `ha-manager migrate` logged.
  static func simulator(log: String) -> String {
    #"""
    #!/bin/sh
    echo "$@" >> '\#(log)'
    case "$1 $2 $3" in
      "pvesh get /cluster/status") printf '%s\n' '\#(clusterStatus)' ;;
      "pvesh get /slow") sleep 10; echo '[]' ;;
      "pvesh get /nodes/pve3/status") echo "proxy handler failed: ssh: connect to host 10.10.10.13 port 22: No route to host" >&2; exit 255 ;;
      "ha-manager migrate "*) exit 0 ;;
      *) echo "No 'get' handler defined for '$3'" >&2; exit 255 ;;
    esac
    """#
  }

  static let clusterStatus =
    #"[{"id":"cluster","name":"lab","nodes":3,"quorate":1,"type":"cluster","version":3},{"id":"node/pve1","ip":"127.0.0.1","level":"","local":1,"name":"pve1","nodeid":1,"online":1,"type":"node"},{"id":"node/pve3","ip":"10.10.10.13","level":"","local":0,"name":"pve3","nodeid":3,"online":0,"type":"node"}]"#

  static func der(_ certificate: String) throws -> [UInt8] {
    let pem = try String(contentsOfFile: certificate, encoding: .utf8)
    guard let der = CertificateFingerprint.der(fromPEM: pem) else { throw APIFailure.other("no PEM in \(certificate)") }
    return der
  }

  /// Reads the port the server bound from its first log line.
  private func waitUntilListening() async throws {
    let deadline = ContinuousClock.now + .seconds(90)
    while ContinuousClock.now < deadline {
      let text = serverLog
      if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on https://") }),
        let port = line.split(separator: ":").last.flatMap({ Int($0) })
      {
        self.port = port
        return
      }
      guard !process.hasExited else { throw APIFailure.other("the API server did not start:\n\(text)") }
      try await Task.sleep(for: .milliseconds(20))
    }
    throw APIFailure.other("the API server did not start in time")
  }
}

/// What every server of a test run shares, made once: the script read from its resource file,
/// and two self-signed certificates for 127.0.0.1 (the server's and an unrelated one).
struct Material: Sendable {
  static let prepared: Result<Material, APIFailure> = {
    do {
      return .success(try Material())
    } catch {
      return .failure(.other("cannot prepare the API test servers: \(error)"))
    }
  }()

  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-api-material-\(getpid())")
    .path
  let script: String
  var certificate: String { directory + "/pve-ssl.pem" }
  var key: String { directory + "/pve-ssl.key" }
  var otherCertificate: String { directory + "/other.pem" }

  private init() throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    atexit {
      if case .success(let material) = Material.prepared {
        try? FileManager.default.removeItem(atPath: material.directory)
      }
    }
    try Self.makeCertificate(directory + "/pve-ssl.pem", key: directory + "/pve-ssl.key")
    try Self.makeCertificate(directory + "/other.pem", key: directory + "/other.key")
    script = try String(contentsOfFile: LabAPIServer.scriptFile(), encoding: .utf8)
  }

  private static func makeCertificate(_ certificate: String, key: String) throws {
    let openssl = try ChildProcess(
      executable: "openssl",
      arguments: [
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
        "-keyout", key, "-out", certificate, "-subj", "/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=pve1",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:pve1",
      ], stdout: .nullDevice, stderr: .nullDevice, grouping: .inherited)
    guard ProcessExitStatus.shellStatus(of: openssl.reap()) == 0 else {
      throw APIFailure.other("openssl could not make a certificate")
    }
  }
}

/// Limits how many lab servers the tests run at once.
actor ServerSlots {
  static let shared = ServerSlots(4)
  private var free: Int
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(_ count: Int) { free = count }

  func acquire() async {
    if free > 0 {
      free -= 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  func release() {
    if waiting.isEmpty {
      free += 1
    } else {
      waiting.removeFirst().resume()
    }
  }
}

/// Creates (or replaces) a file with `text`, readable as `mode` says.
func writeFile(_ path: String, _ text: String, mode: Int = 0o644) throws {
  guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
  else { throw APIFailure.other("cannot write \(path)") }
}

/// What an API step printed and how it ended, through the core's ``APIExecutor``.
struct StepRun {
  var outcome: CommandOutcome
  var stdout: String
  var stderr: String

  static func run(
    _ line: String, client: any APIClient, inventory: Inventory, timeout: Duration = .seconds(10)
  ) async -> StepRun {
    let output = OutputBox()
    let outcome = await APIExecutor(client: client, inventory: inventory).run(
      CommandRequest(command: line, target: .local, timeout: timeout)
    ) { event in
      if case .output(let stream, let bytes) = event { output.append(stream, bytes) }
    }
    return StepRun(outcome: outcome, stdout: output.text(.stdout), stderr: output.text(.stderr))
  }

  /// The reason of a run that got no answer.
  var failure: String? {
    if case .failed(let failure) = outcome { return failure.reason }
    return nil
  }
}

final class OutputBox: @unchecked Sendable {
  private let lock = NSLock()
  private var streams: [StandardStream: [UInt8]] = [:]

  func append(_ stream: StandardStream, _ bytes: [UInt8]) {
    lock.withLock { streams[stream, default: []] += bytes }
  }

  func text(_ stream: StandardStream) -> String {
    lock.withLock { String(decoding: streams[stream] ?? [], as: UTF8.self) }
  }
}
