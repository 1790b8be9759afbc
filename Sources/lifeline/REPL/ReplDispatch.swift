import LifelineCore

/// Sends each console command to the session's handler for it.
extension ReplSession {
  func perform(_ command: ConsoleCommand) async throws(UserError) -> ReplCommandResult {
    switch command {
    case .help(let topic): return try help(topic)
    case .runbooks: return listRunbooks()
    case .load(let reference, let parameters):
      let result = try load(reference, parameters: parameters)
      await session.releaseLock()
      return result
    case .show: return try showSteps()
    case .set(let name, let value): return try await set(name, to: value)
    case .params: return try listParameters()
    case .nodes(let check): return check ? try await checkNodes() : listNodes()
    case .run: return try await runRunbook(.toEnd)
    case .step: return try await runRunbook(.oneStep)
    case .next: return try previewStep()
    case .skip: return try skipStep()
    case .goto(let step): return try goToStep(step)
    case .retry: return try await retryStep()
    case .exec(let node, let command, let timeout): return try await exec(command, on: node, timeout: timeout)
    case .note(let text): return try note(text)
    case .trust(let node): return try await trust(node)
    case .transcript: return showTranscript()
    case .resume(let file):
      let result = try await resume(file)
      await session.releaseLock()
      return result
    case .quit: return .quit
    }
  }
}
