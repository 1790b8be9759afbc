import LifelineCore
import LifelineSystem

extension ReplSession {
  /// `exec [--timeout D] NODE COMMAND`: an ad-hoc command, after confirmation, streamed and
  /// recorded (`exec.start`, its output, `exec.end`); Ctrl-C stops it.
  func exec(_ command: String, on node: String, timeout: Duration?) async throws(UserError) -> ReplCommandResult {
    let target: ExecutionTarget
    if node == "local" {
      target = .local
    } else {
      try checkNode(node)
      target = .node(node)
    }
    let limit = timeout ?? loaded?.runbook.defaultTimeout ?? Runbook.standardTimeout
    let request = ConfirmationRequest(
      stepID: "exec \(node)", prompt: "Run it on \(node)?", kind: .plain,
      warning: "An ad-hoc command can change the cluster:\n  \(node) $ \(session.mask.redact(command))")
    let reply = await console.confirm(request)
    try record(.confirmation(request, reply: reply, by: "operator"))
    switch reply {
    case .confirmed: break
    case .declined: return .succeeded
    case .unavailable(let reason): throw .failure("not run: \(reason)")
    }

    try record(.execStart(node: node, command: command))
    output.say(
      output.style.bold("▶ exec") + output.style.dim(" \(node) $ ") + output.shown(command))
    let canceller = StepCanceller()
    let result = await interrupts.whileRunning(cancel: { canceller.cancel() }) {
      await AdHocCommand.run(
        command, on: target, timeout: limit, executor: executor, recorder: recorder, canceller: canceller,
        display: console.printer)
    }
    return report(result)
  }

  private func report(_ result: RunResult) -> ReplCommandResult {
    let elapsed = output.style.dim(" (\(DurationText.elapsed(result.duration)))")
    switch result.outcome {
    case .exited(0):
      output.say(output.style.green("  ✓ exit 0") + elapsed)
      return .succeeded
    case .exited(let status):
      output.say(output.style.red("  ✗ exit \(status)") + elapsed)
      return .failed
    case .signaled(let signal):
      output.say(output.style.red("  ✗ killed by SIG\(signal)") + elapsed)
      return .failed
    case .failed(.cancelled):
      // On a terminal the line starts over the `^C` the terminal echoed.
      let start = output.isTerminal ? "\r" : ""
      output.say(start + output.style.yellow("  cancelled: the command was stopped") + elapsed)
      return .interrupted
    case .failed(let failure):
      output.say(output.style.red("  ✗ ") + output.shown(failure.description) + elapsed)
      return .failed
    }
  }
}
