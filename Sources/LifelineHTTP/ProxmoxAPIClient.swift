import Foundation
import LifelineCore

/// The Proxmox VE API over libcurl: the token header, the certificate checked under the
/// request's trust (or the fingerprint recorded by `lifeline trust --api`), connect and total
/// timeouts, and each transfer on a thread of its own.
public struct ProxmoxAPIClient: APIClient {
  public var token: APIToken
  /// Consulted for servers the inventory names no fingerprint or CA file for.
  public var trustStore: APITrustStore?
  public var http: HTTPSClient

  public init(token: APIToken, trustStore: APITrustStore?, http: HTTPSClient = HTTPSClient()) {
    self.token = token
    self.trustStore = trustStore
    self.http = http
  }

  /// The client for an inventory's `api` section, and the secrets the session's redactor
  /// must mask. When the section is missing or the token cannot be read, the client fails
  /// every API step with the reason, and runbooks without API steps are unaffected.
  public static func setup(
    for inventory: Inventory, trustStore: APITrustStore, environment: [String: String]
  ) -> APIClientSetup {
    guard let settings = inventory.api else {
      return APIClientSetup(
        client: UnavailableAPIClient(reason: "the inventory has no 'api' section (see docs/api.md)"), secrets: [])
    }
    do {
      let token = try APIToken.load(settings, environment: environment)
      return APIClientSetup(client: ProxmoxAPIClient(token: token, trustStore: trustStore), secrets: [token.secret])
    } catch {
      return APIClientSetup(client: UnavailableAPIClient(reason: error.description), secrets: [])
    }
  }

  public func send(_ request: APIRequest) async throws(APIFailure) -> APIResponse {
    let trust: TLSTrust
    switch request.trust {
    case .fingerprint(let fingerprint): trust = .fingerprint(fingerprint)
    case .caFile(let path): trust = .caFile(HomePath.expand(path, environment: ProcessInfo.processInfo.environment))
    case nil:
      guard let recorded = trustStore?.fingerprint(for: request.url) else {
        throw .untrusted(server: request.server)
      }
      trust = .fingerprint(recorded)
    }
    let httpRequest = HTTPRequest(
      method: request.method, url: request.url, headers: [token.authorizationHeader],
      body: request.form, connectTimeout: request.connectTimeout, timeout: request.timeout,
      name: "\(request.method.rawValue) \(request.path)")
    let http = self.http
    let cancellation = CancellationFlag()
    let result = await withTaskCancellationHandler {
      await BlockingThread.run { () -> Result<APIResponse, APIFailure> in
        do throws(APIFailure) {
          return .success(try http.send(httpRequest, trust: trust, cancellation: cancellation))
        } catch {
          return .failure(error)
        }
      }
    } onCancel: {
      cancellation.cancel()
    }
    return try result.get()
  }
}

/// An API client and the secrets it uses, which the session's redactor must mask.
public struct APIClientSetup: Sendable {
  public var client: any APIClient
  public var secrets: [String]

  public init(client: any APIClient, secrets: [String]) {
    self.client = client
    self.secrets = secrets
  }
}
