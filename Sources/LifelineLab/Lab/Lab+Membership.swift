import Foundation

/// Waiting for the real corosyncs: the first full membership of `lab up`.
extension Lab {
  /// How long the real corosyncs may take to form the first membership.
  static let membershipTimeout: TimeInterval = 60

  /// Waits until every node's real corosync sees all nodes, quorate, and `withQDeviceVote` with
  /// every expected vote there (the QDevice's too).
  func waitForMembership(_ state: ClusterState, withQDeviceVote: Bool = false) throws {
    let everyone = state.nodes.map(\.nodeID).sorted()
    let poll = CorosyncMembershipSource(layout: layout).poll(state, within: Self.membershipTimeout) { views in
      state.nodes.allSatisfy { node in
        views[node.name].map {
          $0.members == everyone && $0.quorate && (!withQDeviceVote || $0.totalVotes == $0.expectedVotes)
        } ?? false
      }
    }
    if poll.held { return }
    let views = poll.views
    let seen = state.nodes.map { node in
      "\(node.name): "
        + (views[node.name].map { "members \($0.members), quorate \($0.quorate), votes \($0.totalVotes)" }
          ?? "no answer")
    }
    let logs = state.nodes.map { node in
      let log = (try? String(contentsOfFile: layout.node(node.name).corosyncLog, encoding: .utf8)) ?? ""
      return "\(node.name)'s corosync log:\n" + log.split(separator: "\n").suffix(8).joined(separator: "\n")
    }
    let qdeviceLog =
      withQDeviceVote
      ? "\ncorosync-qnetd's log:\n" + ((try? String(contentsOfFile: QDevice.log(layout), encoding: .utf8)) ?? "")
      : ""
    throw LabError.unsupported(
      "corosync formed no full membership"
        + (withQDeviceVote ? " with the QDevice's vote" : "") + " within \(Int(Self.membershipTimeout)) s: "
        + seen.joined(separator: "; ") + "\n" + logs.joined(separator: "\n") + qdeviceLog)
  }
}
