import Foundation
import LifelineCore
import Testing

@testable import LifelineHTTP

@Suite struct APIPinningTests {
  @Test func theRightFingerprintLetsTheRequestThrough() async throws {
    try await LabAPIServerFixture.with { server in
      let response = try await server.client().send(
        server.request("/cluster/status", trust: .fingerprint(server.fingerprint.lowercased())))
      #expect(response.status == 200)
    }
  }

  @Test func aWrongFingerprintShowsBothAndSendsNothing() async throws {
    try await LabAPIServerFixture.with { server in
      let pinned = CertificateFingerprint.of(der: try LabAPIServerFixture.der(server.otherCertificate))
      var inventory = server.inventory()
      inventory.api?.fingerprint = pinned
      let run = await StepRun.run(
        server.request("/cluster/status", trust: nil).line, client: server.client(), inventory: inventory)
      let failure = try #require(run.failure)
      #expect(failure.contains("TLS certificate fingerprint mismatch for \(server.url)"))
      #expect(failure.contains("expected \(pinned)"))
      #expect(failure.contains("presented \(server.fingerprint)"))
      #expect(failure.contains("Nothing was sent"))
      #expect(!server.receivedRequests)
    }
  }

  @Test func theClusterCAFileVerifiesTheServer() async throws {
    try await LabAPIServerFixture.with { server in
      let response = try await server.client().send(
        server.request("/cluster/status", trust: .caFile(server.certificate)))
      #expect(response.status == 200)
    }
  }

  @Test func anotherCAFileIsRefusedBeforeAnythingIsSent() async throws {
    try await LabAPIServerFixture.with { server in
      await #expect {
        try await server.client().send(server.request("/cluster/status", trust: .caFile(server.otherCertificate)))
      } throws: { error in
        guard case .tls(let failed, let detail) = error as? APIFailure else { return false }
        return failed == server.url && detail.contains("certificate")
      }
      #expect(!server.receivedRequests)
    }
  }

  @Test func anUntrustedServerIsRefusedUntilItsFingerprintIsRecorded() async throws {
    try await LabAPIServerFixture.with { server in
      let store = APITrustStore(path: server.directory + "/config/api-fingerprints")
      let request = server.request("/cluster/status", trust: nil)
      await #expect(throws: APIFailure.untrusted(server: server.url)) {
        try await server.client(store: store).send(request)
      }
      #expect(APIFailure.untrusted(server: server.url).description.contains("lifeline trust --api \(server.url)"))
      #expect(!server.receivedRequests)
      try store.record(server.fingerprint, for: server.url)
      let response = try await server.client(store: store).send(request)
      #expect(response.status == 200)
    }
  }

  @Test func thePresentedCertificateIsWhatOpenSSLSees() async throws {
    try await LabAPIServerFixture.with { server in
      let certificate = try await HTTPSClient().presentedCertificate(url: server.url, connectTimeout: .seconds(3))
      #expect(certificate.fingerprint == server.fingerprint)
      #expect(certificate.subject.contains("CN=pve1") || certificate.subject.contains("CN = pve1"))
      #expect(!certificate.expires.isEmpty)
      #expect(PublicKeyPin.of(der: certificate.der)?.hasPrefix("sha256//") == true)
      #expect(!server.receivedRequests)
    }
  }
}
