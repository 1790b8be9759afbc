extension Inventory {
  /// The API server a step calls on `target`: `api.url` for a step without `on:` (the
  /// `.local` target), a node's `api_url`, or pveproxy on the node's SSH address.
  public func apiBase(for target: ExecutionTarget) -> String? {
    guard let api else { return nil }
    switch target {
    case .local: return api.url
    case .node(let name):
      guard let node = node(named: name) else { return nil }
      return node.apiURL ?? APIAddress.standard(forHost: node.host)
    }
  }

  /// How the certificate of the server at `url` is verified: the fingerprint a node names
  /// for its own API address, the `api` section's fingerprint for `api.url`, or its CA file.
  /// Nil when the inventory says nothing: the client then looks for a recorded fingerprint.
  public func apiTrust(forURL url: String) -> APITrust? {
    guard let api else { return nil }
    let origin = APIAddress.origin(of: url)
    for node in nodes {
      if let fingerprint = node.apiFingerprint,
        APIAddress.origin(of: node.apiURL ?? APIAddress.standard(forHost: node.host)) == origin
      {
        return .fingerprint(fingerprint)
      }
    }
    if let fingerprint = api.fingerprint, APIAddress.origin(of: api.url) == origin { return .fingerprint(fingerprint) }
    return api.caFile.map(APITrust.caFile)
  }
}
