import Foundation
import LifelineSystem

/// Reads and changes the shared cluster state under its exclusive lock: load, take each node's
/// membership and quorum from its real corosync, apply the timed transitions that fell due,
/// change, reconcile, bring the real corosyncs and links in line, save, and bring /etc/pve in line.
struct ClusterStore: Sendable {
  let layout: LabLayout
  let membership: any MembershipSource

  init(layout: LabLayout, membership: (any MembershipSource)? = nil) {
    self.layout = layout
    self.membership = membership ?? CorosyncMembershipSource(layout: layout)
  }

  /// Runs `body` on the up-to-date state and saves what it changed.
  func update<T>(at now: Double = Date().timeIntervalSince1970, _ body: (inout ClusterState) throws -> T) throws -> T {
    try FileLock.withLock(layout.clusterLock) {
      var state = try load()
      let before = try encode(state)
      let environment = NodeEnvironment(layout: layout)
      state.corosync = membership.views(of: state)
      state.adoptGuestConfigChanges(PmxcfsWriter.guestConfigLocations(state, layout: layout))
      state.advance(to: now, environment: environment)
      let result = try body(&state)
      state.reconcile(at: now)
      state.advance(to: now, environment: environment)
      try CorosyncSupervisor(layout: layout).apply(state, at: now)
      let after = try encode(state)
      if after != before {
        try save(after)
        try PmxcfsWriter.sync(state, layout: layout, at: now)
        try NodeStateFiles.sync(state, layout: layout)
      }
      return result
    }
  }

  /// The up-to-date state, for commands that only read.
  func read(at now: Double = Date().timeIntervalSince1970) throws -> ClusterState {
    try update(at: now) { $0 }
  }

  /// Writes a brand-new state (at `lab up`).
  func create(_ state: ClusterState) throws {
    try FileLock.withLock(layout.clusterLock) { try save(encode(state)) }
  }

  private func load() throws -> ClusterState {
    guard let data = FileManager.default.contents(atPath: layout.clusterState) else {
      throw LabError.notRunning(layout.root)
    }
    do {
      return try JSONDecoder().decode(ClusterState.self, from: data)
    } catch {
      throw LabError.io("cannot read \(layout.clusterState): \(error)")
    }
  }

  private func encode(_ state: ClusterState) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(state)
  }

  private func save(_ data: Data) throws {
    let temporary = layout.clusterState + ".tmp.\(getpid())"
    try data.write(to: URL(fileURLWithPath: temporary))
    guard rename(temporary, layout.clusterState) == 0 else {
      throw LabError.io("cannot replace \(layout.clusterState): \(String(cString: strerror(errno)))")
    }
  }
}
