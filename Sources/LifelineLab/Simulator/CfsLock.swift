import Foundation

/// A pmxcfs lock a simulated command must hold to write (pve-cluster PVE/Cluster.pm `cfs_lock`).
///
/// On a node without quorum the lock's directory cannot be made, so `cfs_lock` tries again for
/// its default 10 s, printing `trying to acquire cfs lock 'ID' ...` on stderr at most once a
/// second, and then fails with `cfs-lock 'ID' error: no quorum!` after the caller's message. If
/// quorum returns during the wait, the lock is taken and the command goes through.
///
/// The wait is in real seconds, not at the lab's time scale: what it races is the real corosync
/// joining the cluster, which the time scale does not speed up.
struct CfsLock: Sendable, Equatable {
  let id: String
  /// The message `lock_ha_domain` puts before the lock's own error, if the caller gives one.
  let errorPrefix: String?

  static let timeoutSeconds = 10

  /// Retries `attempt` as `cfs_lock` does until it no longer waits for this lock, or fails.
  func wait(retrying attempt: () throws -> SimulationResult) rethrows -> SimulationResult {
    var notices = ""
    for pause in Self.pauses {
      if pause.announced { notices += "trying to acquire cfs lock '\(id)' ...\n" }
      usleep(UInt32(pause.microseconds))
      let result = try attempt()
      if result.awaitingLock == nil { return result.afterNotices(notices) }
    }
    let reason = "cfs-lock '\(id)' error: no quorum!"
    return .failure(notices + (errorPrefix.map { "\($0): \(reason)" } ?? reason))
  }

  /// The pauses between `cfs_lock`'s attempts and whether it prints its notice before each:
  /// a tenth of the remaining timeout (at most 1 s), until the next pause would reach it.
  static var pauses: [(microseconds: Int, announced: Bool)] {
    var pauses: [(microseconds: Int, announced: Bool)] = []
    var slept = 0
    while true {
      let sleptSeconds = slept / 1_000_000
      let pause = min(max(timeoutSeconds - sleptSeconds, 1), 10) * 100_000
      let nextSeconds = (slept + pause) / 1_000_000
      if nextSeconds >= timeoutSeconds { return pauses }
      pauses.append((pause, nextSeconds > sleptSeconds))
      slept += pause
    }
  }
}
