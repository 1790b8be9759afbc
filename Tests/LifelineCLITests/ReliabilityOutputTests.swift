import Foundation
import Glibc
import LifelineCore
import SSHTestSupport
import Testing

/// Remote output that is binary, lacks a final newline, has a 5 MB line or terminal escape
/// sequences: the transcript holds exactly the bytes sent (output events decoded from `text`
/// or base64 `bytes`), and nothing the node sent reaches the operator's terminal raw.
@Suite("reliability: hostile remote output", .serialized)
struct ReliabilityOutputTests {
  /// Each payload is a file in the workspace; the node (this machine) `cat`s it.
  static func payloads() -> [(name: String, bytes: [UInt8])] {
    var binary = [UInt8](0...255)
    binary += [0xFF, 0xFE, 0x00, 0xC3]  // ends inside a multi-byte sequence
    let escapes = Array(
      ("\u{1B}[31mred\u{1B}[0m \u{1B}]0;pwned title\u{07} \u{1B}[2J\u{1B}[H cleared \u{1B}[6n "
        + "\u{1B}P+q\u{1B}\\ \u{9B}31m C1-CSI \r overwritten\u{08}\u{08} \u{1B}]52;c;cGF5bG9hZA==\u{07}\n"
        + "second line without newline \u{1B}[?1049h").utf8)
    var long = [UInt8](repeating: 0x61, count: 5 * 1024 * 1024)
    for index in stride(from: 0, to: long.count, by: 997) { long[index] = UInt8(0x41 + index % 26) }
    return [
      ("binary", binary),
      ("no-newline", Array("no final newline".utf8)),
      ("escapes", escapes),
      ("long-line", long),
      ("split-utf8", Array(String(repeating: "日本語🚀", count: 20_000).utf8)),
    ]
  }

  @Test("binary, unterminated, 5 MB and escape-laden output: recorded byte for byte, shown without raw ESC")
  func hostileOutput() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let payloads = Self.payloads()
    var yaml = "name: output\ntitle: Hostile output\nsteps:\n"
    for payload in payloads {
      let file = workspace.directory + "/payload-" + payload.name
      try Data(payload.bytes).write(to: URL(fileURLWithPath: file))
      yaml += "  - {id: \(payload.name), title: Print \(payload.name), on: pve1, run: cat \(file), timeout: 2m}\n"
      yaml +=
        "  - {id: \(payload.name)-err, title: Print \(payload.name) on stderr, on: pve1, run: cat \(file) >&2, timeout: 2m}\n"
    }
    let runbook = try workspace.writeRunbook(yaml, named: "output")

    let run = try workspace.run(workspace.runArguments(runbook))
    #expect(run.status == 0, "\(run)")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    for payload in payloads {
      let stdout = transcript.output(step: payload.name, node: "pve1", stream: "stdout")
      #expect(
        stdout == payload.bytes,
        "\(payload.name): recorded \(stdout.count) bytes of \(payload.bytes.count), first difference at \(Self.firstDifference(stdout, payload.bytes))"
      )
      let stderr = transcript.output(step: payload.name + "-err", node: "pve1", stream: "stderr")
      #expect(
        stderr == payload.bytes,
        "\(payload.name) on stderr: recorded \(stderr.count) bytes of \(payload.bytes.count), first difference at \(Self.firstDifference(stderr, payload.bytes))"
      )
      let counted = transcript.stepEnd(payload.name)?["runs"]?.arrayValue?.first?["stdout_bytes"]?.intValue
      #expect(counted == Int64(payload.bytes.count), "\(payload.name): step.end counts \(counted ?? -1) bytes")
    }
    // Shown safely: no ESC (and no C1 CSI) from the node on the operator's terminal.
    #expect(!run.stdout.contains(0x1B), "raw ESC on stdout at \(run.stdout.firstIndex(of: 0x1B) ?? -1)")
    #expect(!run.stderr.utf8.contains(0x1B), "raw ESC on stderr")
    #expect(!run.stdoutText.contains("\u{9B}"), "raw C1 CSI on stdout")
    #expect(run.stdoutText.contains("red"), "the text around the escapes is shown")
    #expect(run.stdoutText.contains("no final newline"), "output without a final newline is shown")
    // The report written beside the transcript is safe too.
    let report = transcript.path.replacingOccurrences(of: ".jsonl", with: ".md")
    if let data = FileManager.default.contents(atPath: report) {
      #expect(!data.contains(0x1B), "raw ESC in the report")
    } else {
      Issue.record("no report at \(report): \(run.stdoutText.suffix(500))")
    }
    #expect(try workspace.auditTranscripts() == [])
    #expect(fixture.leftovers().isEmpty)
  }

  static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
    zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
  }
}
