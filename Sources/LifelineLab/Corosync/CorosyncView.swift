/// What one node's real corosync reports about its membership and votequorum, as
/// `corosync-quorumtool -s -p` prints it inside the node's network namespace. The simulated parts
/// of the lab (pmxcfs, the HA manager, guests) take membership and quorum only from these views.
public struct CorosyncView: Codable, Sendable, Equatable {
  /// The local node's ID.
  public var nodeID: Int
  /// The ring ID of the current membership, as corosync prints it (`1.9`).
  public var ringID: String
  /// votequorum's verdict (`Quorate: Yes`).
  public var quorate: Bool
  public var expectedVotes: Int
  public var totalVotes: Int
  /// Votes needed for quorum (`Quorum: 2`).
  public var quorum: Int
  /// Node IDs of the members, ascending (the local node included).
  public var members: [Int]

  public init(
    nodeID: Int, ringID: String, quorate: Bool, expectedVotes: Int, totalVotes: Int, quorum: Int, members: [Int]
  ) {
    self.nodeID = nodeID
    self.ringID = ringID
    self.quorate = quorate
    self.expectedVotes = expectedVotes
    self.totalVotes = totalVotes
    self.quorum = quorum
    self.members = members
  }

  /// Parses `corosync-quorumtool -s -p` (decimal node IDs, one member per row after the
  /// `Nodeid Votes Qdevice Name` header); nil when the text is not such a report.
  public init?(quorumtool text: String) {
    var fields: [String: String] = [:]
    var members: [Int] = []
    var inMembership = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("Nodeid") {
        inMembership = true
        continue
      }
      if inMembership {
        // The QDevice's row (`0  2  Qdevice`) is no member: node IDs start at 1.
        if let id = trimmed.split(separator: " ").first.flatMap({ Int($0) }), id > 0 { members.append(id) }
        continue
      }
      guard let colon = trimmed.firstIndex(of: ":") else { continue }
      fields[String(trimmed[..<colon])] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    guard let nodeID = fields["Node ID"].flatMap(Self.nodeID), let ringID = fields["Ring ID"],
      let quorate = fields["Quorate"], let expected = fields["Expected votes"].flatMap({ Int($0) }),
      let total = fields["Total votes"].flatMap({ Int($0) }),
      let quorum = fields["Quorum"]?.split(separator: " ").first.flatMap({ Int($0) })
    else { return nil }
    self.init(
      nodeID: nodeID, ringID: ringID, quorate: quorate == "Yes", expectedVotes: expected, totalVotes: total,
      quorum: quorum, members: members.sorted())
  }

  /// `1` or, with `-H`, `0x00000001`.
  private static func nodeID(_ text: String) -> Int? {
    text.hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text)
  }
}
