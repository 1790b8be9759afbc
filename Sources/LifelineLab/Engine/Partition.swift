/// A set of nodes that corosync currently sees as one membership, with votequorum's numbers.
struct Partition: Sendable, Equatable {
  /// Member names ordered by node ID.
  var members: [String]
  var memberIDs: [Int]
  var totalVotes: Int
  var expectedVotes: Int

  /// votequorum: a majority of the expected votes.
  var quorum: Int { expectedVotes / 2 + 1 }
  var quorate: Bool { totalVotes >= quorum }
}
