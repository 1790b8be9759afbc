import Testing

@testable import LifelineCore

@Suite struct APIInventoryTests {
  @Test func theAPISectionAndNodeAddressesAreRead() throws {
    let inventory = try APIFixture.inventory()
    let api = try #require(inventory.api)
    #expect(api.url == "https://10.10.10.11:8006")
    #expect(api.tokenID == "root@pam!lifeline")
    #expect(api.tokenSecret == .file("/etc/lifeline/api-token"))
    #expect(api.fingerprint == APIFixture.fingerprint)
    #expect(api.connectTimeout == .seconds(3))
    #expect(inventory.node(named: "pve2")?.apiURL == "https://10.10.10.12:8443")
    #expect(inventory.node(named: "pve2")?.apiFingerprint == APIFixture.nodeFingerprint)
  }

  @Test func eachTargetHasAnAPIServerAndATrust() throws {
    let inventory = try APIFixture.inventory()
    #expect(inventory.apiBase(for: .local) == "https://10.10.10.11:8006")
    #expect(inventory.apiBase(for: .node("pve2")) == "https://10.10.10.12:8443")
    #expect(inventory.apiBase(for: .node("pve3")) == "https://10.10.10.13:8006")
    #expect(
      inventory.apiTrust(forURL: "https://10.10.10.11:8006/api2/json/version") == .fingerprint(APIFixture.fingerprint))
    #expect(
      inventory.apiTrust(forURL: "https://10.10.10.12:8443/api2/json/version")
        == .fingerprint(APIFixture.nodeFingerprint))
    #expect(inventory.apiTrust(forURL: "https://10.10.10.13:8006/api2/json/version") == nil)
    var withCA = inventory
    withCA.api?.fingerprint = nil
    withCA.api?.caFile = "/etc/pve/pve-root-ca.pem"
    #expect(
      withCA.apiTrust(forURL: "https://10.10.10.13:8006/api2/json/version") == .caFile("/etc/pve/pve-root-ca.pem"))
    #expect(Inventory(cluster: "x", nodes: []).apiBase(for: .local) == nil)
  }

  @Test func ipv6HostsAreBracketed() {
    #expect(APIAddress.standard(forHost: "fd00::11") == "https://[fd00::11]:8006")
    #expect(APIAddress.origin(of: "https://[FD00::11]:8006/api2/json/x") == "https://[fd00::11]:8006")
    #expect(APIAddress.origin(of: "https://pve1/api2/json/x") == "https://pve1:443")
  }

  @Test func mistakesInTheAPISectionAreLocated() {
    let text = """
      cluster: lab
      api:
        url: http://10.10.10.11:8006
        token_id: root@pam=lifeline
        token_file: /a
        token_env: B
        fingerprint: AB:CD
        ca_file: /c
        secret: nope
      defaults: {api_url: "https://x:8006"}
      nodes:
        pve1: {host: 10.10.10.11, api_url: "https://10.10.10.11:8006/api2/json", api_fingerprint: zz}
      """
    #expect {
      try InventoryLoader.load(text: text, file: "inventory.yaml")
    } throws: { error in
      guard let list = error as? DiagnosticList else { return false }
      let lines = list.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
      return lines.contains("3:8: 'url': the Proxmox API is served over HTTPS only: write https://")
        && lines.contains("4:13: 'token_id' must be USER@REALM!TOKENID, as in root@pam!lifeline")
        && lines.contains("6:14: give the token's secret once: 'token_file' or 'token_env', not both")
        && lines.contains(
          "7:16: 'fingerprint' must be a SHA-256 fingerprint: 32 pairs of hex digits separated by ':'")
        && lines.contains { $0.hasPrefix("9:3: unknown field 'secret' in 'api'") }
        && lines.contains { $0.hasPrefix("10:12: unknown field 'api_url' in 'defaults'") }
        && lines.contains {
          $0.hasPrefix("12:38: 'api_url': the API address is only https://HOST:PORT")
        }
        && lines.contains { $0.hasPrefix("12:93: 'api_fingerprint' must be a SHA-256 fingerprint") }
    }
  }

  @Test func theSecretNeverComesFromTheInventory() {
    let text = """
      cluster: lab
      api: {url: "https://10.10.10.11:8006", token_id: root@pam!lifeline}
      nodes: {pve1: {host: 10.10.10.11}}
      """
    #expect {
      try InventoryLoader.load(text: text, file: "inventory.yaml")
    } throws: { error in
      (error as? DiagnosticList)?.diagnostics.contains {
        $0.message.hasPrefix("'api' needs 'token_file' or 'token_env'") && $0.location.line == 2
      } == true
    }
  }

  @Test func bothTrustsAtOnceAreRefused() {
    let text = """
      cluster: lab
      api:
        url: https://10.10.10.11:8006
        token_id: root@pam!lifeline
        token_env: PVE_TOKEN
        fingerprint: \(APIFixture.fingerprint)
        ca_file: /etc/pve/pve-root-ca.pem
      nodes: {pve1: {host: 10.10.10.11}}
      """
    #expect {
      try InventoryLoader.load(text: text, file: "inventory.yaml")
    } throws: { error in
      (error as? DiagnosticList)?.diagnostics.contains { $0.message == "give 'fingerprint' or 'ca_file', not both" }
        == true
    }
  }

  @Test func fingerprintsAreAcceptedAsPeoplePasteThem() {
    let colons = APIFixture.fingerprint
    #expect(CertificateFingerprint.canonical(colons.lowercased()) == colons)
    #expect(CertificateFingerprint.canonical(colons.replacingOccurrences(of: ":", with: "")) == colons)
    #expect(CertificateFingerprint.canonical("AB:CD") == nil)
    #expect(CertificateFingerprint.canonical(colons + "X") == nil)
  }
}
