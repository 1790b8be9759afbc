import Foundation
import LifelineCore
import LifelineSystem
import Testing

@testable import LifelineHTTP

@Suite struct APIFailureTests {
  @Test func aServerThatNeverAnswersTimesOut() async throws {
    try await LabAPIServerFixture.with { server in
      // The simulator answers /slow after 10 s: a failure instead of that answer is the timeout.
      let run = await StepRun.run(
        server.request("/slow", trust: nil).line, client: server.client(), inventory: server.inventory(),
        timeout: .seconds(1))
      #expect(run.failure == "no answer to GET /slow within 1s")
    }
  }

  @Test func aListenerThatNeverSpeaksTLSIsAConnectTimeout() async throws {
    let listener = try SilentListener()
    defer { listener.close() }
    let server = "https://127.0.0.1:\(listener.port)"
    let client = ProxmoxAPIClient(token: APIToken(id: "root@pam!lifeline", secret: "s"), trustStore: nil)
    let request = APIRequest(
      method: .get, url: server + "/api2/json/version", trust: .fingerprint(String(repeating: "AB:", count: 31) + "AB"),
      connectTimeout: .seconds(1), timeout: .seconds(5))
    await #expect(throws: APIFailure.connectTimeout(server: server, limit: .seconds(1))) {
      try await client.send(request)
    }
    #expect(
      APIFailure.connectTimeout(server: server, limit: .seconds(1)).description
        == "no TLS connection to \(server) within 1s: the node is down or unreachable. Nothing was sent.")
  }

  @Test func aClosedPortIsRefused() async throws {
    let listener = try SilentListener()
    let port = listener.port
    listener.close()
    let server = "https://127.0.0.1:\(port)"
    let client = ProxmoxAPIClient(token: APIToken(id: "root@pam!lifeline", secret: "s"), trustStore: nil)
    await #expect {
      try await client.send(
        APIRequest(
          method: .get, url: server + "/api2/json/version", trust: .caFile("/nonexistent"), timeout: .seconds(2)))
    } throws: { error in
      guard case .connectionRefused(let refused, _) = error as? APIFailure else { return false }
      return refused == server && (error as! APIFailure).description.contains("pveproxy is not running there")
    }
  }

  @Test func fetchingTheCertificateOfAClosedPortNamesTheServer() async throws {
    // `lifeline trust --api` shows this failure as it is.
    let listener = try SilentListener()
    let port = listener.port
    listener.close()
    let server = "https://127.0.0.1:\(port)"
    await #expect {
      try await HTTPSClient().presentedCertificate(url: server, connectTimeout: .seconds(2))
    } throws: { error in
      guard case .connectionRefused(let refused, _) = error as? APIFailure else { return false }
      return refused == server
    }
  }

  @Test func aBodyThatIsNotJSONFailsTheStep() async throws {
    try await LabAPIServerFixture.with { server in
      let web = try OpenSSLWebServer(certificate: server.certificate, key: server.key)
      defer { web.stop() }
      let base = "https://127.0.0.1:\(web.port)"
      let request = APIRequest(method: .get, url: base + "/api2/json/cluster/status", timeout: .seconds(5))
      var inventory = server.inventory()
      inventory.nodes.append(
        InventoryNode(name: "web", host: "127.0.0.1", apiURL: base, apiFingerprint: server.fingerprint))
      let run = await StepRun.run(request.line, client: server.client(), inventory: inventory)
      let failure = try #require(run.failure)
      #expect(failure.hasPrefix("\(base) answered GET /cluster/status with a body that is not JSON (starts \"<HTML>"))
      #expect(failure.hasSuffix("is it the Proxmox API (pveproxy, port 8006)?"))
    }
  }

  @Test func cancellingTheStepAbandonsTheRequest() async throws {
    try await LabAPIServerFixture.with { server in
      let client = server.client()
      let request = server.request("/slow", trust: .fingerprint(server.fingerprint), timeout: .seconds(30))
      let started = ContinuousClock.now
      let task = Task { try await client.send(request) }
      try await Task.sleep(for: .milliseconds(500))
      task.cancel()
      await #expect(throws: APIFailure.cancelled) { try await task.value }
      // Well before the request's own 30 s timeout.
      #expect(ContinuousClock.now - started < .seconds(20))
    }
  }
}

/// A TCP socket on 127.0.0.1 that is listening but never accepts or answers: the kernel
/// completes the connection, and the TLS handshake then waits forever.
final class SilentListener: @unchecked Sendable {
  let descriptor: Int32
  let port: Int

  init() throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(descriptor, pointer, length) == 0 && listen(descriptor, 8) == 0
          && getsockname(descriptor, pointer, &length) == 0
      }
    }
    guard bound else {
      Glibc.close(descriptor)
      throw APIFailure.other("cannot listen on 127.0.0.1")
    }
    self.descriptor = descriptor
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  func close() { Glibc.close(descriptor) }
}

/// `openssl s_server -www`: an HTTPS server that answers every request with an HTML page.
final class OpenSSLWebServer: @unchecked Sendable {
  private let process: ChildProcess
  private let log: String
  let port: Int

  init(certificate: String, key: String) throws {
    log = FileManager.default.temporaryDirectory.appendingPathComponent("s_server-\(UUID().uuidString).log").path
    try writeFile(log, "")
    process = try ChildProcess(
      executable: "openssl",
      arguments: ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", certificate, "-key", key, "-www"],
      stdout: .file(log, append: true), stderr: .nullDevice, grouping: .inherited)
    let deadline = Date().addingTimeInterval(5)
    var found: Int?
    while found == nil, Date() < deadline {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      found = text.split(separator: "\n").first { $0.hasPrefix("ACCEPT ") }?.split(separator: ":").last.flatMap {
        Int($0)
      }
      usleep(20_000)
    }
    guard let found else {
      process.signal(SIGKILL)
      process.reap()
      throw APIFailure.other("openssl s_server did not start")
    }
    port = found
  }

  func stop() {
    process.signal(SIGKILL)
    process.reap()
    try? FileManager.default.removeItem(atPath: log)
  }
}
