/// Whether one condition of a check held on one target, with the reason in words.
public struct CheckResult: Sendable, Hashable {
  public var target: ExecutionTarget
  /// The condition as written: `exit 0`, `stdout /Quorate:\s+Yes/`.
  public var condition: String
  public var held: Bool
  /// What was seen when it did not hold.
  public var observed: String?

  public init(target: ExecutionTarget, condition: String, held: Bool, observed: String? = nil) {
    self.target = target
    self.condition = condition
    self.held = held
    self.observed = observed
  }
}

/// Evaluates checks against run results.
public enum CheckEvaluator {
  /// Each condition of `check` on each result. A command that did not run to an exit status
  /// (refused, timed out, cancelled) fails every condition, even `stdout_not`: nothing it did
  /// not print can be taken as a good sign.
  public static func evaluate(_ check: Check, on results: [RunResult]) -> [CheckResult] {
    results.flatMap { evaluate(check, on: $0) }
  }

  public static func holds(_ check: Check, on results: [RunResult]) -> Bool {
    evaluate(check, on: results).allSatisfy(\.held)
  }

  static func evaluate(_ check: Check, on result: RunResult) -> [CheckResult] {
    guard let status = result.outcome.exitStatus else {
      let reason: String
      switch result.outcome {
      case .signaled(let signal): reason = "killed by SIG\(signal)"
      case .failed(let failure): reason = failure.reason
      case .exited: reason = ""
      }
      return [CheckResult(target: result.target, condition: "command ran", held: false, observed: reason)]
    }
    var results: [CheckResult] = []
    if let codes = check.exitCodes {
      let wanted = codes.count == 1 ? "exit \(codes[0])" : "exit in \(codes.map(String.init).joined(separator: ", "))"
      results.append(
        CheckResult(
          target: result.target, condition: wanted, held: codes.contains(status),
          observed: codes.contains(status) ? nil : "exit \(status)"))
    }
    let stdout = check.stdout == nil && check.stdoutNot == nil ? "" : result.stdout.text
    let stderr = check.stderr == nil && check.stderrNot == nil ? "" : result.stderr.text
    for (pattern, text, stream, wanted) in [
      (check.stdout, stdout, "stdout", true), (check.stdoutNot, stdout, "stdout_not", false),
      (check.stderr, stderr, "stderr", true), (check.stderrNot, stderr, "stderr_not", false),
    ] {
      guard let pattern else { continue }
      let held = pattern.matches(text) == wanted
      results.append(
        CheckResult(
          target: result.target, condition: "\(stream) \(pattern)", held: held,
          observed: held ? nil : (wanted ? "no match in \(excerpt(text))" : "matched in \(excerpt(text))")))
    }
    return results
  }

  /// The last line or so of output, for "observed" texts.
  static func excerpt(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty { return "empty output" }
    let last = trimmed.split(separator: "\n").last.map(String.init) ?? trimmed
    let short = last.count > 80 ? "…" + last.suffix(79) : last
    return "output ending \"\(short)\""
  }
}
