import Foundation
import LifelineSystem

#if canImport(Glibc)
  import Glibc
#endif

/// Faults injected into the lab's nodes and healed again (see docs/lab.md, Faults).
extension Lab {
  /// Injects a fault into a node (`all` for every node); returns what was done, for the operator.
  @discardableResult
  public func fail(node: String, mode: FaultMode, percent: Double? = nil) throws -> String {
    try FileLock.withLock(layout.labLock) {
      var runtime = try LabRuntime.load(layout)
      let store = ClusterStore(layout: layout)
      let targets = try targetNodes(node, runtime: runtime)
      var report: [String] = []
      if mode == .storageFull {
        let percent = percent ?? 92
        guard (1...100).contains(percent) else { throw LabError.invalid("--percent must be between 1 and 100") }
        try store.update { state in
          let written = try BackupSeeder.fillSharedStorage(
            &state, layout: layout, percent: percent, now: Date().timeIntervalSince1970)
          state.storageFullFiles += written
        }
        return "\(Seed.sharedStorage) filled to \(percent) % with old backups that retention would prune"
      }
      var lossPercent: Int?
      if mode == .packetLoss {
        guard let percent, let whole = Int(exactly: percent), (1...100).contains(whole) else {
          throw LabError.invalid("packet-loss needs --percent, a whole number between 1 and 100")
        }
        guard access(ClusterNetwork.nft, X_OK) == 0 else {
          throw LabError.unsupported("\(ClusterNetwork.nft) is missing (packet-loss: apt-get install nftables)")
        }
        lossPercent = whole
      }
      for name in targets {
        report.append(
          try FaultInjector(lab: layout, runtime: runtime).inject(
            mode, into: name, lossPercent: lossPercent, store: store, runtime: &runtime))
      }
      try runtime.save(layout)
      let cutOff = try store.read().nodes.filter {
        targets.contains($0.name) && !$0.linkNumbers.contains(where: $0.carries)
      }
      if mode.removesFromMembership || (mode.pulledLink != nil && cutOff.count == targets.count),
        let waited = try awaitDeparture(of: targets)
      {
        report.append(waited)
      }
      return report.joined(separator: "\n")
    }
  }

  /// Waits until the real corosync of every other running node has formed a membership without
  /// `leaving`: corosync notices a lost member only after its token and consensus timeouts, and
  /// an operator (or a runbook) arriving after the fault finds the cluster as it is then.
  /// Returns what the survivors saw, or that they did not see it within `membershipTimeout`.
  private func awaitDeparture(of leaving: [String]) throws -> String? {
    let state = try ClusterStore(layout: layout).read()
    let leavingIDs = Set(state.nodes.filter { leaving.contains($0.name) }.map(\.nodeID))
    let survivors = state.nodes.filter { !leaving.contains($0.name) }.map(\.name)
    guard !survivors.isEmpty else { return nil }
    func listing(_ views: [String: CorosyncView]) -> [String] {
      survivors.filter { views[$0].map { !leavingIDs.isDisjoint(with: $0.members) } ?? false }
    }
    let poll = CorosyncMembershipSource(layout: layout).poll(state, within: Self.membershipTimeout) {
      listing($0).isEmpty
    }
    guard poll.held else {
      return
        "corosync on \(listing(poll.views).joined(separator: ", ")) still lists it after \(Int(Self.membershipTimeout)) s"
    }
    let seen = survivors.filter { poll.views[$0] != nil }
    guard !seen.isEmpty else { return nil }
    let seconds = String(format: "%.1f", poll.elapsed)
    return "corosync on \(seen.joined(separator: ", ")) formed a membership without it after \(seconds) s"
  }

  /// Heals one fault of a node, or all of them (including storage-full) when `mode` is nil.
  @discardableResult
  public func heal(node: String, mode: FaultMode? = nil) throws -> String {
    try FileLock.withLock(layout.labLock) {
      var runtime = try LabRuntime.load(layout)
      let store = ClusterStore(layout: layout)
      var report: [String] = []
      for name in try targetNodes(node, runtime: runtime) {
        report += try FaultInjector(lab: layout, runtime: runtime).heal(mode, on: name, store: store, runtime: &runtime)
      }
      if mode == nil || mode == .storageFull {
        let removed = try store.update { state -> Int in
          let directory = BackupDirectory(path: layout.storageDirectory(Seed.sharedStorage) + "/dump")
          let doomed = directory.archives().filter { state.storageFullFiles.contains($0.fileName) }
          doomed.forEach { directory.remove($0) }
          state.storageFullFiles = []
          return doomed.count
        }
        if removed > 0 || mode == .storageFull {
          report.append("removed \(removed) old backups from \(Seed.sharedStorage)")
        }
      }
      try runtime.save(layout)
      return report.isEmpty ? "nothing to heal on \(node)" : report.joined(separator: "\n")
    }
  }

  private func targetNodes(_ name: String, runtime: LabRuntime) throws -> [String] {
    if name == "all" { return runtime.nodes.map(\.name) }
    guard runtime.node(name) != nil else { throw LabError.unknownNode(name, known: runtime.nodes.map(\.name)) }
    return [name]
  }
}
