import Foundation

/// The safety measures a session applies before each step: the cluster lock and the live
/// interlocks. The CLI always sets them; tests of the flow alone may leave them out.
public struct SessionSafety: Sendable {
  public var interlocks: SafetyInterlocks
  /// Nil when the session runs without one (a dry run, a single ad-hoc command).
  public var clusterLock: ClusterLock?

  /// The wall clock, in milliseconds since the epoch: how old another session's lock is.
  public var now: @Sendable () -> Int64

  public init(
    interlocks: SafetyInterlocks, clusterLock: ClusterLock?,
    now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
  ) {
    self.interlocks = interlocks
    self.clusterLock = clusterLock
    self.now = now
  }

  /// What the runner must do about a step that is about to run.
  public enum Decision: Sendable {
    case proceed
    case refuse(String)
    /// Ask this too; run only when it is confirmed.
    case confirmAgain(ConfirmationRequest)
  }

  /// Applies the lock and the interlocks to `invocation`, recording what they saw.
  public func check(_ invocation: StepInvocation, recorder: any TranscriptRecorder) async throws(RecordingError)
    -> Decision
  {
    let step = invocation.step
    let changes = step.confirm != nil || step.destructive != nil
    if changes, let lock = clusterLock {
      let before = lock.currentNode
      let preferred = invocation.runs.compactMap { run -> String? in
        if case .node(let name) = run.target { return name }
        return nil
      }
      switch await lock.acquire(preferring: preferred) {
      case .held(let node):
        if before == nil {
          try recorder.record(
            .flow(.lock, step: step.id, detail: "took the cluster lock \(ClusterLock.path) on \(node): \(lock.holder)")
          )
        }
      case .heldByOther(let node, let holder):
        let age = ClusterLock.age(of: holder, nowEpochMilliseconds: now()).map { age in
          let minutes = Int64(age / .seconds(60))
          return minutes == 0
            ? ", taken under a minute ago" : ", taken \(DurationText.format(.seconds(minutes * 60))) ago"
        }
        let reason =
          "another session holds the cluster lock (\(holder), in \(ClusterLock.path) on \(node)\(age ?? "")): changing steps wait until it ends. "
          + "If that session is gone (killed, its machine lost), break the lock from the console, which asks you to confirm: "
          + "exec \(node) rm -f \(ClusterLock.path)"
        try recorder.record(.flow(.refused, step: step.id, detail: reason))
        return .refuse(reason)
      case .unavailable(let reasons):
        try recorder.record(
          .flow(.lock, step: step.id, detail: "could not take the cluster lock (\(reasons)); going on without it"))
      }
    }
    if step.destructive != nil, case .typeNodeName(let subject) = invocation.confirmation?.kind {
      let verdict = await interlocks.verifyDestructive(invocation, subject: subject)
      try recorder.record(
        .flow(
          verdict.allowed ? .interlock : .refused, step: step.id,
          detail: (verdict.checks + (verdict.refusal.map { ["refused: " + $0] } ?? [])).joined(separator: "; ")))
      if let refusal = verdict.refusal { return .refuse("refused by the safety interlocks: " + refusal) }
    }
    if changes {
      let verdict = await interlocks.verifyServiceRestart(invocation)
      if let second = verdict.secondConfirmation {
        try recorder.record(.flow(.interlock, step: step.id, detail: verdict.checks.joined(separator: "; ")))
        return .confirmAgain(second)
      }
    }
    return .proceed
  }
}
