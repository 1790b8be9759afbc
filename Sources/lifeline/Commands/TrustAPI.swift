import ArgumentParser
import Foundation
import LifelineCore
import LifelineHTTP
import LifelineSystem

/// `lifeline trust --api [NODE|URL]`: shows the certificate a Proxmox VE API server presents
/// and records its fingerprint once the operator has compared it with `pvenode cert info` on
/// the node, the way `lifeline trust NODE` records SSH host keys.
///
/// The record is `$XDG_CONFIG_HOME/lifeline/api-fingerprints`; API steps use it for servers
/// the inventory names no `fingerprint`, `api_fingerprint` or `ca_file` for (docs/api.md).
struct TrustAPI {
  var inventory: Inventory?
  var store: APITrustStore = TrustAPI.standardStore
  /// `--fingerprint`: the fingerprint the operator read on the node. Given, the certificate is
  /// recorded only when it matches, and nothing is asked.
  var expectedFingerprint: String?
  /// `--replace`: a recorded fingerprint that differs may be replaced (after the usual
  /// agreement). Without it a changed pin is never replaced, as SSH `trust` never replaces a
  /// changed host key: not by `--yes`, not by `--fingerprint`, not by answering yes.
  var replacesChanged = false
  /// Asks the operator a yes/no question; nil when nobody can answer (no terminal).
  var ask: (String) -> Bool? = TrustAPI.askOnTerminal

  static var standardStore: APITrustStore {
    APITrustStore(path: Paths.configDirectory + "/" + APITrustStore.fileName)
  }

  /// Asks on the terminal and takes `yes` for yes; nil without a terminal.
  static func askOnTerminal(_ question: String) -> Bool? {
    guard Terminal.isInteractive(STDIN_FILENO) else { return nil }
    StandardStreams.write(question + " ", to: STDOUT_FILENO)
    return readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
  }

  /// Trusts the API of `subject`: a node of the inventory, an `https://HOST:PORT` address,
  /// or, when nil, the inventory's `api.url`.
  func run(_ subject: String?) async throws(UserError) -> ExitCode {
    let server = try server(for: subject)
    let certificate: ServerCertificate
    do {
      certificate = try await HTTPSClient().presentedCertificate(
        url: server, connectTimeout: inventory?.api?.connectTimeout ?? APISettings.standardConnectTimeout)
    } catch {
      throw UserError("cannot fetch the certificate of \(server): \(error)", exitCode: ExitStatus.failure)
    }
    let fingerprint = certificate.fingerprint
    StandardStreams.out(
      """
      \(server) presents:
        subject     \(certificate.subject)
        issuer      \(certificate.issuer)
        expires     \(certificate.expires)
        SHA-256     \(fingerprint)
      """)
    if case .fingerprint(let pinned) = inventory?.apiTrust(forURL: server) {
      let verdict = CertificateFingerprint.matches(pinned, fingerprint) ? "matches it" : "DOES NOT MATCH it"
      StandardStreams.out("The inventory pins \(pinned) for this server: the certificate \(verdict).")
    }
    let recorded = store.fingerprint(for: server)
    if let recorded, CertificateFingerprint.matches(recorded, fingerprint) {
      StandardStreams.out("Already trusted in \(store.path).")
      return ExitStatus.success
    }
    if let recorded {
      StandardStreams.out(
        """
        CHANGED: \(store.path) records \(recorded) for this server.
        The node's certificate was reissued (rejoin, pvecm updatecerts, renewal) or someone is intercepting.
        """)
      guard replacesChanged else {
        let origin = APIAddress.origin(of: server)
        throw UserError(
          """
          refusing to trust \(origin): \(store.path) records another fingerprint for it, and the server now presents \(fingerprint).
          If the node's certificate was reissued (compare with `pvenode cert info` on its console), replace the pin knowingly: lifeline trust --api \(origin) --replace --fingerprint \(fingerprint)
          """, exitCode: ExitStatus.failure)
      }
    }
    try confirm(fingerprint)
    do {
      try store.record(fingerprint, for: server)
    } catch {
      throw UserError(error.description, exitCode: ExitStatus.failure)
    }
    StandardStreams.out("Trusted: \(APIAddress.origin(of: server)) \(fingerprint) recorded in \(store.path).")
    return ExitStatus.success
  }

  /// Agreement from `--fingerprint` or from the operator; throws when there is none.
  private func confirm(_ fingerprint: String) throws(UserError) {
    if let expectedFingerprint {
      guard CertificateFingerprint.matches(expectedFingerprint, fingerprint) else {
        throw UserError(
          "the server presents \(fingerprint), not the \(expectedFingerprint) you gave: nothing was recorded",
          exitCode: ExitStatus.failure)
      }
      return
    }
    let question =
      "Does this SHA-256 fingerprint match what `pvenode cert info` shows on the node's console? [yes/no]"
    switch ask(question) {
    case true?: return
    case false?: throw UserError("not trusted: nothing was recorded", exitCode: ExitStatus.failure)
    case nil:
      throw UserError(
        "nobody can confirm the fingerprint here: compare it with `pvenode cert info`, then pass --fingerprint \(fingerprint)"
      )
    }
  }

  private func server(for subject: String?) throws(UserError) -> String {
    guard let subject else {
      guard let url = inventory?.api?.url else {
        throw UserError("name a node or an https://HOST:PORT address; the inventory has no 'api' section")
      }
      return url
    }
    if subject.contains("://") {
      if let problem = APIAddress.problem(with: subject) { throw UserError("\(subject): \(problem)") }
      return APIAddress.normalized(subject)
    }
    guard let node = inventory?.node(named: subject) else {
      let names = inventory?.nodeNames ?? []
      throw UserError(
        "'\(subject)' is not a node of the inventory\(Suggestion.didYouMean(subject, in: names)) nor an https:// address"
      )
    }
    return node.apiURL ?? APIAddress.standard(forHost: node.host)
  }
}
