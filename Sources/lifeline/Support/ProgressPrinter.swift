import Foundation
import LifelineCore
import LifelineSystem

/// Shows a run as it happens: each step with its node and command, its output live (made
/// safe for the terminal, prefixed by node in fan-out), then ok or failed with the reason.
final class ProgressPrinter: @unchecked Sendable {
  private let style: Style
  private let lock = NSLock()
  /// Output lines not yet ended by a newline, per node and stream, so fan-out output is
  /// printed line by line and never interleaved mid-line.
  private var pending: [String: [UInt8]] = [:]
  private var fanOut = false

  init(style: Style) { self.style = style }

  func show(_ progress: RunProgress) {
    lock.lock()
    defer { lock.unlock() }
    switch progress {
    case .stepStarted(let invocation):
      fanOut = invocation.isFanOut
      let title = invocation.step.title.map { " " + $0 } ?? ""
      let attempt = invocation.attempt > 1 ? style.dim(" (attempt \(invocation.attempt))") : ""
      write("\(style.bold("▶ \(invocation.stepID)"))\(title)\(attempt)")
      for run in invocation.runs {
        let lines = SafeText.display(Redacted.shared.redact(run.command)).split(
          separator: "\n", omittingEmptySubsequences: false)
        let prefix = "  \(run.target) $ "
        write(style.dim(prefix) + (lines.first.map(String.init) ?? ""))
        for line in lines.dropFirst() where !line.isEmpty {
          write(String(repeating: " ", count: prefix.count) + line)
        }
      }
    case .output(_, let node, let stream, let bytes):
      let key = node + "/" + stream.rawValue
      var buffer = pending[key, default: []] + bytes
      while let newline = buffer.firstIndex(of: 0x0A) {
        emit(Array(buffer[..<newline]), node: node, stream: stream)
        buffer.removeSubrange(...newline)
      }
      // Keep very long lines from growing without bound: print them in pieces.
      if buffer.count > 64 * 1024 {
        emit(buffer, node: node, stream: stream)
        buffer.removeAll()
      }
      pending[key] = buffer
    case .stepFinished(let invocation, let decision):
      flush()
      let elapsed = DurationText.elapsed(decision.results.map(\.duration).max() ?? .zero)
      if case .retry = decision.next {
        write(style.yellow("  … not yet: ") + decision.reason)
      } else if decision.succeeded {
        write(style.green("  ✓ ok") + style.dim(" \(elapsed) → \(decision.next)"))
      } else {
        for result in decision.results {
          if case .failed(let failure) = result.outcome {
            write(style.red("  ✗ \(result.target): ") + failure.description)
          }
        }
        write(style.red("  ✗ failed") + style.dim(" \(elapsed)") + ": \(decision.reason) → \(decision.next)")
      }
      for finding in decision.findings {
        write("  " + label(finding.severity) + " " + finding.text)
      }
      _ = invocation
    case .retrying(_, let attempt, let total, let interval):
      write(style.dim("  retry \(attempt)/\(total) in \(DurationText.format(interval))"))
    case .connection(let event):
      switch event.kind {
      case .connected: write(style.dim("  connected to \(event.node)" + (event.fingerprint.map { " (\($0))" } ?? "")))
      case .reconnected: write(style.yellow("  reconnected to \(event.node)") + (event.detail.map { ": \($0)" } ?? ""))
      case .lost: write(style.red("  lost the connection to \(event.node)") + (event.detail.map { ": \($0)" } ?? ""))
      case .failed, .closed: break
      }
    case .finished(let outcome):
      flush()
      switch outcome {
      case .succeeded: write(style.green(style.bold("Runbook succeeded.")))
      default:
        let text = "Runbook \(outcome)"
        write(style.red(style.bold(text.hasSuffix(".") ? text : text + ".")))
      }
    }
  }

  func label(_ severity: Severity) -> String {
    switch severity {
    case .critical: style.red("[critical]")
    case .warning: style.yellow("[warning]")
    case .info: style.cyan("[info]")
    }
  }

  private func emit(_ line: [UInt8], node: String, stream: StandardStream) {
    let text = SafeText.display(line)
    let prefix = fanOut ? style.dim("  \(node) | ") : "  "
    write(prefix + (stream == .stderr ? style.yellow(text) : text))
  }

  /// Prints what is left of unfinished output lines.
  func flushOutput() {
    lock.lock()
    defer { lock.unlock() }
    flush()
  }

  func styled(_ text: String, success: Bool) -> String {
    success ? style.green(text) : style.red(text)
  }

  private func flush() {
    for (key, buffer) in pending where !buffer.isEmpty {
      let parts = key.split(separator: "/")
      emit(buffer, node: String(parts[0]), stream: parts.last == "stderr" ? .stderr : .stdout)
    }
    pending.removeAll()
  }

  private func write(_ line: String) { StandardStreams.out(line) }
}

/// Secrets known to this process, so progress on screen is redacted like the transcript.
enum Redacted {
  nonisolated(unsafe) static var shared = Redactor(secrets: [])
}
