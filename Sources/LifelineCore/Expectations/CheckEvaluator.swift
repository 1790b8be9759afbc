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
  /// The condition every check implies: the command ran to an exit status.
  public static let ranCondition = "command ran"

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
      return [CheckResult(target: result.target, condition: ranCondition, held: false, observed: reason)]
    }
    var results: [CheckResult] = []
    if let codes = check.exitCodes {
      let wanted = codes.count == 1 ? "exit \(codes[0])" : "exit in \(codes.map(String.init).joined(separator: ", "))"
      results.append(
        CheckResult(
          target: result.target, condition: wanted, held: codes.contains(status),
          observed: codes.contains(status) ? nil : "exit \(status)" + apiExplanation(of: result)))
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
    if !check.json.isEmpty { results += evaluate(check.json, on: result) }
    return results
  }

  /// JSON checks read the whole of stdout as one document.
  static func evaluate(_ checks: [JSONCheck], on result: RunResult) -> [CheckResult] {
    let document = result.stdout.isTruncated ? nil : JSONValue.parse(result.stdout.text)
    return checks.map { check in
      guard let document else {
        let why =
          result.stdout.isTruncated
          ? "stdout is longer than the \(result.stdout.limit) bytes kept for checks, so not a whole JSON document; narrow the call"
          : "stdout is not JSON (\(excerpt(result.stdout.text)))"
        return CheckResult(target: result.target, condition: check.description, held: false, observed: why)
      }
      let (held, observed) = check.evaluate(on: document)
      return CheckResult(target: result.target, condition: check.description, held: held, observed: observed)
    }
  }

  /// For an API call that got an error status: the first line of its explanation, so the
  /// reason of a failed step says `exit 401 (HTTP 401 authentication failure for GET /…)`.
  static func apiExplanation(of result: RunResult) -> String {
    guard APIRequest(line: result.command, trust: nil, connectTimeout: .zero, timeout: .zero) != nil,
      let first = result.stderr.text.split(whereSeparator: \.isNewline).first
    else { return "" }
    return " (\(first))"
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
