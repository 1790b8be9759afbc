import Foundation
import Testing

/// `lifeline trust --api` against a TLS server on loopback (`openssl s_server`), with the
/// trust file of a throwaway workspace.
@Suite("trust --api: recording a certificate fingerprint")
struct TrustAPITests {
  /// A fingerprint recorded earlier, which the server no longer presents.
  static let earlierPin = Array(repeating: "AB", count: 32).joined(separator: ":")

  @Test("a changed pin is never replaced by --yes or --fingerprint, only with --replace")
  func aChangedPinIsReplacedOnlyKnowingly() throws {
    let workspace = try REPLWorkspace()
    let server = try TLSServer(in: workspace.directory)
    defer { server.stop() }
    let store = workspace.directory + "/config/lifeline/api-fingerprints"
    try FileManager.default.createDirectory(
      atPath: workspace.directory + "/config/lifeline", withIntermediateDirectories: true)
    let recorded = "\(server.url) \(Self.earlierPin)\n"
    try workspace.write(recorded, to: "config/lifeline/api-fingerprints")

    for agreement in [["--yes"], ["--fingerprint", server.fingerprint]] {
      let refused = try REPLPipedRun("", arguments: ["trust", "--api", server.url] + agreement, in: workspace)
      #expect(refused.status == 1, "\(agreement): \(refused.stdout)\(refused.stderr)")
      #expect(refused.stdout.contains("CHANGED: \(store) records \(Self.earlierPin)"))
      #expect(refused.stderr.contains("refusing to trust \(server.url)"), "\(refused.stderr)")
      #expect(
        refused.stderr.contains("lifeline trust --api \(server.url) --replace --fingerprint \(server.fingerprint)"))
      #expect(try String(contentsOfFile: store, encoding: .utf8) == recorded, "the pin is kept")
    }

    let replaced = try REPLPipedRun("", arguments: ["trust", "--api", server.url, "--replace", "--yes"], in: workspace)
    #expect(replaced.status == 0, "\(replaced.stdout)\(replaced.stderr)")
    let pins = try String(contentsOfFile: store, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
    #expect(pins == ["\(server.url) \(server.fingerprint)"])
  }
}

/// `openssl s_server` on 127.0.0.1 with a fresh self-signed certificate; stopped by its pid.
final class TLSServer {
  private(set) var url = ""
  let fingerprint: String
  private let process = Process()

  init(in directory: String) throws {
    let certificate = directory + "/server.pem"
    let key = directory + "/server.key"
    try Self.openssl([
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
      "-keyout", key, "-out", certificate, "-subj", "/CN=pve1", "-addext", "subjectAltName=IP:127.0.0.1",
    ])
    let digest = try Self.openssl(["x509", "-in", certificate, "-noout", "-fingerprint", "-sha256"])
    fingerprint = String(digest.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)

    let log = directory + "/server.log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", certificate, "-key", key, "-www"]
    process.standardOutput = FileHandle(forWritingAtPath: log)
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    var port: String?
    _ = Reliability.waitUntil(within: .seconds(60)) {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      port = text.split(separator: "\n").first { $0.hasPrefix("ACCEPT 127.0.0.1:") }?.split(separator: ":").last
        .map(String.init)
      return port != nil || !process.isRunning
    }
    guard let port else {
      stop()
      throw REPLTestError("openssl s_server did not start")
    }
    url = "https://127.0.0.1:\(port)"
  }

  func stop() {
    // SIGKILL: the test runner's threads block SIGTERM, and children inherit that mask.
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }

  @discardableResult
  private static func openssl(_ arguments: [String]) throws -> String {
    let result = try REPLSubprocess.run(["openssl"] + arguments)
    guard result.status == 0 else { throw REPLTestError("openssl \(arguments[0]) failed: \(result.stderr)") }
    return result.stdout
  }
}
