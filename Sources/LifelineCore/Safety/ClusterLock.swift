import Foundation
import Synchronization

/// A cluster-wide lock that keeps two operators from changing the cluster at once.
///
/// It is a file, `/etc/pve/lifeline.lock`, which Proxmox's cluster file system replicates to
/// every node. A session takes it before its first step that changes the cluster (a step with
/// `confirm` or `destructive`) and gives it back when it ends. While another session holds it,
/// changing steps are refused with who holds it and since when. Taking it is atomic (the shell's
/// noclobber creates the file exclusively). When no node can write `/etc/pve` (the cluster lost
/// quorum everywhere, or every node is down), the session goes on without it and records that:
/// that is exactly when recovery must not be blocked.
public final class ClusterLock: Sendable {
  public static let path = "/etc/pve/lifeline.lock"

  private let executor: any CommandExecutor
  private let inventory: Inventory
  /// `session=… operator=user@host since=… runbook=…`: what another session is shown.
  public let holder: String
  private let sessionID: String
  /// The node this session's lock file is on, while it holds it.
  private let heldOn = Mutex<String?>(nil)

  public init(
    executor: any CommandExecutor, inventory: Inventory, sessionID: String, operatorName: String, since: String,
    purpose: String
  ) {
    self.executor = executor
    self.inventory = inventory
    self.sessionID = sessionID
    self.holder = "session=\(sessionID) operator=\(operatorName) since=\(since) runbook=\(purpose)"
  }

  public enum Result: Sendable, Hashable {
    case held(node: String)
    /// Another session holds it: the text says who and since when.
    case heldByOther(node: String, holder: String)
    /// No node could write /etc/pve; the reasons per node.
    case unavailable(String)
  }

  /// Takes the lock if this session does not hold it yet, trying `preferred` first, then
  /// every node of the inventory in order.
  public func acquire(preferring preferred: [String], timeout: Duration = .seconds(8)) async -> Result {
    if let node = currentNode { return .held(node: node) }
    var reasons: [String] = []
    let candidates = preferred + inventory.nodeNames.filter { !preferred.contains($0) }
    for node in candidates {
      let (outcome, output) = await run(acquireCommand, on: node, timeout: timeout)
      switch outcome {
      case .exited(0) where output.contains("ACQUIRED") || output.contains("session=\(sessionID) "):
        heldOn.withLock { $0 = node }
        return .held(node: node)
      case .exited(3):
        let other = output.trimmingCharacters(in: .whitespacesAndNewlines)
        if other.contains("session=\(sessionID) ") {
          heldOn.withLock { $0 = node }
          return .held(node: node)
        }
        return .heldByOther(node: node, holder: other)
      case .exited(let status):
        reasons.append("\(node): /etc/pve not writable (exit \(status))")
      case .signaled(let signal):
        reasons.append("\(node): killed by SIG\(signal)")
      case .failed(let failure):
        reasons.append("\(node): \(failure.reason)")
      }
    }
    return .unavailable(reasons.joined(separator: "; "))
  }

  /// Gives the lock back, only if the file still names this session.
  public func release(timeout: Duration = .seconds(8)) async {
    guard let node = currentNode else { return }
    let command = "grep -qF \(ShellQuoting.quote("session=\(sessionID) ")) \(Self.path) && rm -f \(Self.path); true"
    _ = await run(command, on: node, timeout: timeout)
    heldOn.withLock { $0 = nil }
  }

  /// How long ago another session took the lock, from the `since=` its holder line records;
  /// nil when the line has none (or it does not parse).
  public static func age(of holder: String, nowEpochMilliseconds now: Int64) -> Duration? {
    guard let field = holder.split(separator: " ").first(where: { $0.hasPrefix("since=") }),
      let since = Timestamp.epochMilliseconds(rfc3339: String(field.dropFirst("since=".count))), since <= now
    else { return nil }
    return .milliseconds(now - since)
  }

  public var currentNode: String? { heldOn.withLock { $0 } }

  private var acquireCommand: String {
    let line = ShellQuoting.quote(holder)
    return "if ( set -C; printf '%s\\n' \(line) > \(Self.path) ) 2>/dev/null; then echo ACQUIRED; "
      + "elif [ -f \(Self.path) ]; then cat \(Self.path); exit 3; else exit 4; fi"
  }

  private func run(_ command: String, on node: String, timeout: Duration) async -> (CommandOutcome, String) {
    let collector = OutputCollector()
    let outcome = await executor.run(CommandRequest(command: command, target: .node(node), timeout: timeout)) { event in
      if case .output(let stream, let bytes) = event { collector.append(stream, bytes) }
    }
    return (outcome, collector.tails.0.text)
  }
}
