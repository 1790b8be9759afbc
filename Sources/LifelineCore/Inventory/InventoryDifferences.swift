/// What writing a new inventory would change in the one already at its path, entry by entry:
/// `lifeline init` shows these and never replaces a differing entry silently.
public struct InventoryDifferences: Sendable, Hashable {
  /// One entry whose value would change, or which would go.
  public struct Change: Sendable, Hashable, CustomStringConvertible {
    /// `cluster`, `nodes.NAME.host`, `nodes.NAME`…, as the inventory spells the field.
    public var field: String
    /// nil: the existing inventory has no such entry.
    public var old: String?
    /// nil: the new inventory drops the entry.
    public var new: String?

    public var description: String {
      switch (old, new) {
      case (let old?, let new?): "\(field): \(old) → \(new)"
      case (let old?, nil): "\(field): \(old) would be removed"
      case (nil, let new?): "\(field): \(new) (new)"
      case (nil, nil): field
      }
    }
  }

  /// Nodes the existing inventory does not have yet: adding them changes nothing already there.
  public var added: [String]
  /// Entries whose value differs, or which the new inventory would drop.
  public var changed: [Change]

  public var isEmpty: Bool { added.isEmpty && changed.isEmpty }

  /// Compares the `existing` inventory with the cluster and nodes about to be written.
  /// SSH settings are compared as each node ends up with them (its own or the defaults).
  public init(existing: Inventory, cluster: String, nodes: [InventoryNode]) {
    var changed: [Change] = []
    if existing.cluster != cluster { changed.append(Change(field: "cluster", old: existing.cluster, new: cluster)) }
    var added: [String] = []
    for node in nodes {
      guard let old = existing.node(named: node.name) else {
        added.append(node.name)
        continue
      }
      let prefix = "nodes.\(node.name)."
      let pairs: [(String, String?, String?)] = [
        ("host", old.host, node.host), ("port", String(old.port), String(node.port)), ("user", old.user, node.user),
        ("identity", old.identity, node.identity), ("known_hosts", old.knownHosts, node.knownHosts),
        ("api_url", old.apiURL, node.apiURL),
      ]
      for (field, before, after) in pairs where before != after {
        changed.append(Change(field: prefix + field, old: before, new: after))
      }
      let fingerprintsDiffer =
        switch (old.apiFingerprint, node.apiFingerprint) {
        case (let a?, let b?): !CertificateFingerprint.matches(a, b)
        case (nil, nil): false
        default: true
        }
      if fingerprintsDiffer {
        changed.append(Change(field: prefix + "api_fingerprint", old: old.apiFingerprint, new: node.apiFingerprint))
      }
    }
    let names = Set(nodes.map(\.name))
    for old in existing.nodes where !names.contains(old.name) {
      changed.append(Change(field: "nodes.\(old.name)", old: "host \(old.host)", new: nil))
    }
    // `init` writes neither section: rewriting the file would drop them.
    if let api = existing.api { changed.append(Change(field: "api", old: api.url, new: nil)) }
    if existing.transcripts != TranscriptSettings() {
      changed.append(Change(field: "transcripts", old: "its settings", new: nil))
    }
    self.added = added
    self.changed = changed
  }
}
