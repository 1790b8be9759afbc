import LifelineCore

/// Masks the session's secret values in command output as it arrives, so a command that
/// prints a secret shows it neither on the screen nor in the record.
///
/// Expectations and captures see the masked output too: a secret is never something a
/// runbook should branch on.
struct RedactingExecutor: CommandExecutor {
  var base: any CommandExecutor
  var mask: SecretMask

  func run(_ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void) async -> CommandOutcome {
    await base.run(request) { event in
      switch event {
      case .output(let stream, let bytes): events(.output(stream, mask.redact(bytes)))
      case .connection: events(event)
      }
    }
  }
}
