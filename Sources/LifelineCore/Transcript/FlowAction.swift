/// What a `flow` event records: a move the engine, the operator or a safety measure made
/// outside a step's own result. The raw value is the event's `action` field.
public enum FlowAction: String, Sendable, Hashable, CaseIterable {
  /// A step could not be prepared (a template failed); the runbook ends as failed.
  case abort
  /// A question or confirmation was left unanswered; the run stops there.
  case stop
  case skip
  case cancel
  case retry
  case goto
  case set
  case trust
  /// Events of a step could not be written: the record has a gap.
  case gap
  /// The cluster lock was taken, released, broken, or could not be taken.
  case lock
  /// The safety interlocks allowed a step, with what they saw.
  case interlock
  /// A safety measure refused a step.
  case refused
}
