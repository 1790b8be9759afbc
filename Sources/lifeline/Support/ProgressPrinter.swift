import Foundation
import LifelineCore
import LifelineSystem
import Synchronization

/// Shows a run as it happens: each step with its node and command, its output live (made
/// safe for the terminal, prefixed by node in fan-out), then ok or failed with the reason.
final class ProgressPrinter: ProgressDisplay, Sendable {
  private let style: Style
  /// Masks and makes safe every text this printer shows that did not come from Lifeline.
  let mask: SecretMask
  /// Stdout, or stderr when stdout carries a command's own output (``PipedOutput``).
  private let descriptor: Int32
  private struct State {
    /// Output lines not yet ended by a newline, per node and stream, so fan-out output is
    /// printed line by line and never interleaved mid-line.
    var pending: [String: [UInt8]] = [:]
    /// Bytes of binary output held back from the screen, per node and stream.
    var binary: [String: Int] = [:]
    var fanOut = false
  }

  /// Held while a progress report prints, so that reports from several nodes never mix.
  private let state = Mutex(State())

  init(style: Style, mask: SecretMask, descriptor: Int32 = STDOUT_FILENO) {
    self.style = style
    self.mask = mask
    self.descriptor = descriptor
  }

  func show(_ progress: RunProgress) {
    state.withLock { show(progress, &$0) }
  }

  private func show(_ progress: RunProgress, _ state: inout State) {
    switch progress {
    case .stepStarted(let invocation):
      state.fanOut = invocation.isFanOut
      let title = invocation.step.title.map { " " + mask.shown($0) } ?? ""
      let attempt = invocation.attempt > 1 ? style.dim(" (attempt \(invocation.attempt))") : ""
      write("\(style.bold("▶ \(invocation.stepID)"))\(title)\(attempt)")
      for run in invocation.runs {
        let lines = mask.shown(run.command).split(
          separator: "\n", omittingEmptySubsequences: false)
        let prefix = "  \(run.target) $ "
        write(style.dim(prefix) + (lines.first.map(String.init) ?? ""))
        for line in lines.dropFirst() where !line.isEmpty {
          write(String(repeating: " ", count: prefix.count) + line)
        }
      }
    case .output(_, let node, let stream, let bytes):
      let key = node + "/" + stream.rawValue
      if Self.looksBinary(bytes) {
        // Raw binary on a terminal helps nobody: count it, and say how much at the end.
        state.binary[key, default: 0] += bytes.count
        return
      }
      var buffer = state.pending.removeValue(forKey: key) ?? []
      buffer.append(contentsOf: bytes)
      // The chunk's complete lines go out in one write; the rest waits for its newline.
      var end = buffer.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
      // Keep very long lines from growing without bound: print them in pieces.
      if end == 0, buffer.count > 64 * 1024 { end = buffer.count }
      if end > 0 {
        var text = String(decoding: buffer[..<end], as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        write(lines(text, node: node, stream: stream, fanOut: state.fanOut))
        buffer.removeFirst(end)
      }
      if !buffer.isEmpty { state.pending[key] = buffer }
    case .stepFinished(let invocation, let decision):
      flush(&state)
      let elapsed = DurationText.elapsed(decision.results.map(\.duration).max() ?? .zero)
      if case .retry = decision.next {
        write(style.yellow("  … not yet: ") + mask.shown(decision.reason))
      } else if decision.succeeded {
        write(style.green("  ✓ ok") + style.dim(" \(elapsed) → \(decision.next)"))
      } else {
        for result in decision.results {
          if case .failed(let failure) = result.outcome {
            write(style.red("  ✗ \(result.target): ") + mask.shown(failure.description))
          }
        }
        write(
          style.red("  ✗ failed") + style.dim(" \(elapsed)") + ": \(mask.shown(decision.reason)) → \(decision.next)")
      }
      for finding in decision.findings {
        write("  " + label(finding.severity) + " " + mask.shown(finding.text))
      }
      _ = invocation
    case .retrying(_, let attempt, let total, let interval):
      write(style.dim("  retry \(attempt)/\(total) in \(DurationText.format(interval))"))
    case .connection(let event):
      switch event.kind {
      case .connected: write(style.dim("  connected to \(event.node)" + (event.fingerprint.map { " (\($0))" } ?? "")))
      case .reconnected:
        write(style.yellow("  reconnected to \(event.node)") + (event.detail.map { ": \(mask.shown($0))" } ?? ""))
      case .lost:
        write(style.red("  lost the connection to \(event.node)") + (event.detail.map { ": \(mask.shown($0))" } ?? ""))
      case .failed, .closed: break
      }
    case .finished(let outcome):
      flush(&state)
      switch outcome {
      case .succeeded: write(style.green(style.bold("Runbook succeeded.")))
      default:
        let text = mask.shown("Runbook \(outcome)")
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

  /// Output lines as shown: secrets masked, control characters made visible, each line
  /// indented (and, in fan-out, prefixed with its node).
  private func lines(_ raw: String, node: String, stream: StandardStream, fanOut: Bool) -> String {
    let text = mask.shown(raw)
    let prefix = fanOut ? style.dim("  \(node) | ") : "  "
    guard stream == .stderr, style.enabled else {
      // As bytes: Foundation's `replacingOccurrences` took most of the time of printing
      // large text output (profiled in BENCHMARKS.md).
      var shown: [UInt8] = Array(prefix.utf8)
      shown.reserveCapacity(text.utf8.count + text.utf8.count / 8 + prefix.utf8.count)
      for byte in text.utf8 {
        shown.append(byte)
        if byte == 0x0A { shown += prefix.utf8 }
      }
      return String(decoding: shown, as: UTF8.self)
    }
    return text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { prefix + style.yellow(String($0)) }.joined(separator: "\n")
  }

  /// Output with NUL bytes, or where more than one byte in eight is not UTF-8, is binary
  /// rather than text. Text with a few invalid bytes (a Latin-1 name in a log) is shown, each
  /// invalid byte as U+FFFD, rather than hidden whole. A chunk may start or end inside a
  /// character, so up to three bytes at its start and a cut character at its end are not judged.
  static func looksBinary(_ bytes: [UInt8]) -> Bool {
    if bytes.contains(0) { return true }
    var start = 0
    while start < min(3, bytes.count), bytes[start] & 0xC0 == 0x80 { start += 1 }
    var decoder = UTF8()
    var iterator = bytes[start...].makeIterator()
    var invalid = 0
    decoding: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: continue
      case .error: invalid += 1
      case .emptyInput: break decoding
      }
    }
    return invalid > 1 && invalid * 8 > bytes.count - start
  }

  /// Prints what is left of unfinished output lines.
  func flushOutput() {
    state.withLock { flush(&$0) }
  }

  /// One line of Lifeline's own, where this printer writes.
  func say(_ line: String) { write(line) }

  func styled(_ text: String, success: Bool) -> String {
    success ? style.green(text) : style.red(text)
  }

  private func flush(_ state: inout State) {
    for (key, count) in state.binary.sorted(by: { $0.key < $1.key }) {
      let node = key.split(separator: "/").first.map(String.init) ?? key
      write(
        style.dim(
          "  [\(count) bytes of binary output" + (state.fanOut ? " from \(node)" : "") + ", kept in the transcript]"))
    }
    state.binary.removeAll()
    for (key, buffer) in state.pending where !buffer.isEmpty {
      let parts = key.split(separator: "/")
      write(
        lines(
          String(decoding: buffer, as: UTF8.self), node: String(parts[0]),
          stream: parts.last == "stderr" ? .stderr : .stdout, fanOut: state.fanOut))
    }
    state.pending.removeAll()
  }

  private func write(_ line: String) { StandardStreams.write(line + "\n", to: descriptor) }
}
