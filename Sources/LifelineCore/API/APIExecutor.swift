/// Runs API steps: a ``CommandExecutor`` whose commands are request lines
/// (``APIRequest/line``), sent through an ``APIClient``.
///
/// The runner uses it for steps with `api:`, so API steps share everything command steps
/// have: confirmations, fan-out, retries, checks, captures, cancellation and the transcript.
/// What an answer means is ``APIStepOutput``'s business.
public struct APIExecutor: CommandExecutor {
  public var client: any APIClient
  /// Trust, connect timeout and token id come from its `api` section and nodes.
  public var inventory: Inventory

  public init(client: any APIClient, inventory: Inventory) {
    self.client = client
    self.inventory = inventory
  }

  public func run(
    _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
  ) async -> CommandOutcome {
    guard
      var apiRequest = APIRequest(
        line: request.command, trust: nil,
        connectTimeout: inventory.api?.connectTimeout ?? APISettings.standardConnectTimeout,
        timeout: request.timeout)
    else {
      return .failed(.other("'\(request.command)' is not an API request (METHOD https://HOST:PORT/api2/json/PATH)"))
    }
    apiRequest.trust = inventory.apiTrust(forURL: apiRequest.url)
    let response: APIResponse
    do {
      response = try await client.send(apiRequest)
    } catch .cancelled {
      return .failed(.cancelled)
    } catch {
      return .failed(.other(error.description))
    }
    let output = APIStepOutput(response, for: apiRequest, tokenID: inventory.api?.tokenID)
    if !output.stdout.isEmpty { events(.output(.stdout, Array(output.stdout.utf8))) }
    if !output.stderr.isEmpty { events(.output(.stderr, Array(output.stderr.utf8))) }
    return output.outcome
  }
}
