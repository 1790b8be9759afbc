/// A set of nodes that corosync currently sees as one membership, with votequorum's numbers as
/// the real corosync reported them.
struct Partition: Sendable, Equatable {
  /// Member names ordered by node ID.
  var members: [String]
  var memberIDs: [Int]
  var ringID: String
  var totalVotes: Int
  var expectedVotes: Int
  /// Votes needed for quorum.
  var quorum: Int
  var quorate: Bool
}
