import LifelineCore

/// The executor a session uses for `local` and node steps.
enum Executors {
  static func make(inventory: Inventory) -> any CommandExecutor {
    UnavailableExecutor()
  }
}

private struct UnavailableExecutor: CommandExecutor {
  func run(_ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void) async -> CommandOutcome {
    .failed(.other("the SSH executor is not built yet"))
  }
}
