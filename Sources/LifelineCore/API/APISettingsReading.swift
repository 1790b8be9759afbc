import Yams

/// Reads the inventory's `api` section and the API fields of nodes (docs/api.md).
extension YAMLDocument {
  static let apiFields = ["url", "token_id", "token_file", "token_env", "fingerprint", "ca_file", "connect_timeout"]

  mutating func apiSettings(_ node: Node) -> APISettings? {
    guard let fields = mapping(node, what: "'api'", allowed: Self.apiFields) else { return nil }
    var url: String?
    var tokenID: String?
    var sources: [(APITokenSource, Node)] = []
    var fingerprint: String?
    var caFile: String?
    var connectTimeout = APISettings.standardConnectTimeout
    for (key, _, value) in fields {
      switch key {
      case "url": url = apiURL(value, what: "'url'")
      case "token_id": tokenID = apiTokenID(value)
      case "token_file": string(value, what: "'token_file'").map { sources.append((.file($0), value)) }
      case "token_env": string(value, what: "'token_env'").map { sources.append((.environment($0), value)) }
      case "fingerprint": fingerprint = apiFingerprint(value, what: "'fingerprint'")
      case "ca_file": caFile = string(value, what: "'ca_file'")
      case "connect_timeout": connectTimeout = duration(value, what: "'connect_timeout'") ?? connectTimeout
      default: break
      }
    }
    if let (_, second) = sources.dropFirst().first {
      report("give the token's secret once: 'token_file' or 'token_env', not both", at: second)
    }
    if fingerprint != nil, caFile != nil {
      report(
        "give 'fingerprint' or 'ca_file', not both", at: node,
        hint: "ca_file (the cluster CA) survives certificate renewals; a fingerprint pins one certificate")
    }
    let hint = "api: {url: https://HOST:8006, token_id: root@pam!lifeline, token_file: ~/.config/lifeline/api-token}"
    let written = Set(fields.map(\.key))
    if written.isDisjoint(with: ["url"]) { report("'api' has no 'url'", at: node, hint: hint) }
    if written.isDisjoint(with: ["token_id"]) { report("'api' has no 'token_id'", at: node, hint: hint) }
    if written.isDisjoint(with: ["token_file", "token_env"]) {
      report(
        "'api' needs 'token_file' or 'token_env': the token's secret never goes in the inventory", at: node,
        hint: hint)
    }
    guard let url, let tokenID, let (source, _) = sources.first else { return nil }
    return APISettings(
      url: url, tokenID: tokenID, tokenSecret: source, fingerprint: fingerprint, caFile: caFile,
      connectTimeout: connectTimeout, location: location(of: node))
  }

  /// An `https://HOST:PORT` address, normalised.
  mutating func apiURL(_ node: Node, what: String) -> String? {
    guard let text = string(node, what: what) else { return nil }
    if let problem = APIAddress.problem(with: text) {
      report("\(what): \(problem)", at: node, hint: "for example https://192.168.1.125:8006")
      return nil
    }
    return APIAddress.normalized(text)
  }

  /// A certificate fingerprint in canonical `AB:CD:…` form.
  mutating func apiFingerprint(_ node: Node, what: String) -> String? {
    guard let text = string(node, what: what) else { return nil }
    guard let canonical = CertificateFingerprint.canonical(text) else {
      report(
        "\(what) must be a SHA-256 fingerprint: 32 pairs of hex digits separated by ':'", at: node,
        hint: "copy it from `pvenode cert info` on the node, or from the web UI (Certificates)")
      return nil
    }
    return canonical
  }

  /// `USER@REALM!TOKENID`.
  private mutating func apiTokenID(_ node: Node) -> String? {
    guard let text = string(node, what: "'token_id'") else { return nil }
    let parts = text.split(separator: "!", omittingEmptySubsequences: false)
    let user = parts.first?.split(separator: "@", omittingEmptySubsequences: false) ?? []
    guard parts.count == 2, !parts[1].isEmpty, user.count == 2, !user[0].isEmpty, !user[1].isEmpty,
      !text.contains(where: { $0.isWhitespace || $0 == "=" })
    else {
      report(
        "'token_id' must be USER@REALM!TOKENID, as in root@pam!lifeline", at: node,
        hint: "the secret goes in the file named by token_file (or the variable named by token_env), not here")
      return nil
    }
    return text
  }
}
