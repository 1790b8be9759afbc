/// A step's output marked as evidence of the incident itself (`evidence: journal`), which the
/// post-incident report reads to draft the incident's own timeline and its impact.
///
/// The step runs like any other; the mark only tells the report how to read what it printed
/// (docs/transcripts.md, "Evidence").
public struct Evidence: Sendable, Hashable {
  public var kinds: [EvidenceKind]
  /// Where `evidence:` is written, for errors about it.
  public var location: SourceLocation

  public init(kinds: [EvidenceKind], location: SourceLocation) {
    self.kinds = kinds
    self.location = location
  }
}

/// What a step's output is evidence of, and so how the report reads it.
public enum EvidenceKind: String, Sendable, Hashable, CaseIterable {
  /// Journal lines of corosync (with libknet's), pve-ha-crm and pve-ha-lrm, in journalctl's
  /// `short`, `short-iso` or `short-iso-precise` format, and optionally the corosync nodelist
  /// (`name:`/`nodeid:` pairs) that maps corosync node ids to names.
  case journal
  /// `pvecm status`: expected votes, total votes and the quorum, during the outage.
  case quorum
  /// The guest table of node-recovery's `guests-of-node` (id, node, status, HA state, name):
  /// which guests were not HA-managed and stayed down on the lost node.
  case guests
}
