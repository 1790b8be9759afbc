import Foundation
import LifelineCore
import Testing

@testable import LifelineHTTP

func withTokenFile(_ contents: String, mode: Int, _ body: (String) throws -> Void) throws {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
  try writeFile(path, contents, mode: mode)
  defer { try? FileManager.default.removeItem(atPath: path) }
  try body(path)
}

@Suite struct APITokenTests {
  func settings(_ source: APITokenSource) -> APISettings {
    APISettings(url: "https://10.0.0.1:8006", tokenID: "root@pam!lifeline", tokenSecret: source)
  }

  @Test func theSecretComesFromAFileOnlyItsOwnerCanRead() throws {
    try withTokenFile(" 7c1e9a52-3f0d\n", mode: 0o600) { path in
      let token = try APIToken.load(settings(.file(path)), environment: [:])
      #expect(token == APIToken(id: "root@pam!lifeline", secret: "7c1e9a52-3f0d"))
      #expect(token.authorizationHeader == "Authorization: PVEAPIToken=root@pam!lifeline=7c1e9a52-3f0d")
    }
    try withTokenFile("7c1e9a52\n", mode: 0o644) { path in
      #expect(
        throws: APITokenError(
          "the API token file \(path) can be read by other users (mode 644): run chmod 600 \(path)")
      ) {
        try APIToken.load(settings(.file(path)), environment: [:])
      }
    }
  }

  @Test func theSecretCanComeFromTheEnvironment() throws {
    #expect(try APIToken.load(settings(.environment("PVE_TOKEN")), environment: ["PVE_TOKEN": "abc"]).secret == "abc")
    #expect(throws: APITokenError("the environment variable PVE_TOKEN (the inventory's token_env) is not set")) {
      try APIToken.load(settings(.environment("PVE_TOKEN")), environment: [:])
    }
  }

  @Test func aTildeMeansTheHomeDirectory() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    try writeFile(home + "/token", "xyz", mode: 0o600)
    #expect(try APIToken.load(settings(.file("~/token")), environment: ["HOME": home]).secret == "xyz")
  }

  @Test func anUnreadableTokenMakesEveryAPIStepSaySo() async {
    var inventory = Inventory(cluster: "lab", nodes: [])
    inventory.api = settings(.file("/nonexistent/token"))
    let setup = ProxmoxAPIClient.setup(
      for: inventory, trustStore: APITrustStore(path: "/nonexistent"), environment: [:])
    #expect(setup.secrets.isEmpty)
    await #expect(
      throws: APIFailure.unavailable("cannot read the API token file /nonexistent/token (the inventory's token_file)")
    ) {
      try await setup.client.send(
        APIRequest(method: .get, url: "https://10.0.0.1:8006/api2/json/version", timeout: .seconds(1)))
    }
  }
}

@Suite struct APITrustStoreTests {
  @Test func fingerprintsAreRecordedPerServerAndReplaced() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trust-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = APITrustStore(path: directory + "/lifeline/api-fingerprints")
    #expect(store.fingerprint(for: "https://10.0.0.1:8006") == nil)
    try store.record("AA:BB", for: "https://10.0.0.1:8006/")
    try store.record("CC:DD", for: "https://10.0.0.2:8006")
    try store.record("EE:FF", for: "https://10.0.0.1:8006")
    #expect(store.fingerprint(for: "https://10.0.0.1:8006/api2/json/version") == "EE:FF")
    #expect(store.fingerprint(for: "HTTPS://10.0.0.2:8006") == "CC:DD")
    #expect(store.entries().count == 2)
    let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let text = try String(contentsOfFile: store.path, encoding: .utf8)
    #expect(text.hasPrefix("# Proxmox VE API certificates trusted with `lifeline trust --api`"))
    #expect(text.hasSuffix("https://10.0.0.2:8006 CC:DD\nhttps://10.0.0.1:8006 EE:FF\n"))
  }
}
