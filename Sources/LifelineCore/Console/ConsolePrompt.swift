/// The console's prompt: where the session stands, at a glance.
///
/// `homelab-cluster node-recovery:check-network> ` — the cluster, the loaded runbook and
/// its current step; `[succeeded]` in place of the step once the runbook has ended; just
/// `homelab-cluster> ` before a runbook is loaded.
public struct ConsolePrompt: Sendable, Hashable {
  public enum Role: Sendable, Hashable {
    case cluster
    case runbook
    case step
    case outcome
    case punctuation
  }

  /// The prompt in pieces, for the console to colour.
  public var segments: [(text: String, role: Role)]

  /// - Parameters:
  ///   - cluster: the inventory's cluster name; nil without an inventory.
  ///   - runbook: the loaded runbook's name.
  ///   - step: the current step, when the runbook has one.
  ///   - outcome: how the runbook ended, once it has.
  public init(cluster: String?, runbook: String?, step: String?, outcome: String?) {
    var segments: [(String, Role)] = [(cluster ?? "lifeline", .cluster)]
    if let runbook {
      segments.append((" ", .punctuation))
      segments.append((runbook, .runbook))
      if let outcome {
        segments.append(("[", .punctuation))
        segments.append((outcome, .outcome))
        segments.append(("]", .punctuation))
      } else if let step {
        segments.append((":", .punctuation))
        segments.append((step, .step))
      }
    }
    segments.append(("> ", .punctuation))
    self.segments = segments
  }

  public var text: String { segments.map(\.text).joined() }

  public static func == (lhs: ConsolePrompt, rhs: ConsolePrompt) -> Bool { lhs.text == rhs.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
