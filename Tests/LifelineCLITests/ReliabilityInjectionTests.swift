import Foundation
import Glibc
import LifelineCore
import SSHTestSupport
import Testing

/// Parameter values reach the remote command as literal text, against a real sshd: each
/// value is written to a file on the node with `printf '%s' {{ value }} > FILE` and the file's
/// bytes must be the value's bytes; canary `touch` commands hidden in the values must never
/// run. A NUL byte, which no shell command can carry, is refused before anything runs.
@Suite("reliability: shell injection through parameters", .serialized)
struct ReliabilityInjectionTests {
  /// Values that would run commands, split words or expand if they reached the shell
  /// unquoted. `CANARY` is replaced by a path in the workspace.
  static let hostileValues: [String] = [
    "a; touch CANARY-semicolon",
    "$(touch CANARY-dollar)",
    "`touch CANARY-backtick`",
    "' ; touch CANARY-single ; '",
    "\" ; touch CANARY-double ; \"",
    "'$(touch CANARY-quoted-dollar)'",
    "first line\ntouch CANARY-newline\nthird line",
    "\ntouch CANARY-leading-newline",
    "&& touch CANARY-and || touch CANARY-or | touch CANARY-pipe > CANARY-redirect &",
    "a\\\\b \\n not a newline \\",
    "* ? [a-z] ~ ~root",
    "${HOME} $PATH $0 $$ !! %s %d %n",
    "{{ v1 }} {{ target }}",
    "-n",
    "",
    "tab\there, carriage\rreturn, bell\u{07}",
    "é ü 日本語 🚀",
    "<(touch CANARY-process-substitution) >(touch CANARY-out)",
  ]

  @Test("hostile --set values reach the remote command byte for byte, and no canary runs")
  func literalParameters() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let outputs = workspace.markers + "/values"
    try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
    let canary = workspace.markers + "/canary"
    let values = Self.hostileValues.map { $0.replacingOccurrences(of: "CANARY", with: canary) }

    var yaml = """
      name: literal
      title: Write each parameter to a file on the node
      params:

      """
    for index in values.indices { yaml += "  v\(index): {description: value \(index), default: unset}\n" }
    yaml += "steps:\n"
    for index in values.indices {
      yaml +=
        "  - {id: write\(index), title: Write value \(index), on: pve1, run: 'printf ''%s'' {{ v\(index) }} > \(outputs)/v\(index)'}\n"
    }
    let runbook = try workspace.writeRunbook(yaml, named: "literal")
    let settings = values.enumerated().flatMap { ["--set", "v\($0.offset)=\($0.element)"] }

    let run = try workspace.run(workspace.runArguments(runbook, settings))
    #expect(run.status == 0, "\(run)")
    for (index, value) in values.enumerated() {
      let written = FileManager.default.contents(atPath: "\(outputs)/v\(index)")
      #expect(
        written == Data(value.utf8),
        "value \(index) \(value.debugDescription) arrived as \(written.map { String(decoding: $0, as: UTF8.self).debugDescription } ?? "nothing")"
      )
    }
    let canaries = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.markers)) ?? []).filter {
      $0.hasPrefix("canary")
    }
    #expect(canaries.isEmpty, "injected commands ran: \(canaries)")
    // The transcript records each command as sent: the value, quoted.
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    let command = transcript.events("step.start", step: "write0").first?["runs"]?.arrayValue?.first?["command"]?
      .stringValue
    #expect(command == "printf '%s' 'a; touch \(canary)-semicolon' > \(outputs)/v0")
    #expect(try workspace.auditTranscripts() == [])
    #expect(fixture.leftovers().isEmpty)
  }

  @Test("a value holding a NUL byte (captured from a node) is refused with a message; nothing runs")
  func nulByteRefused() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let marker = workspace.marker("must-not-exist")
    // A NUL cannot be passed in argv (--set), so it comes the way it can: from a node's output.
    let runbook = try workspace.writeRunbook(
      """
      name: nul
      title: A captured value with a NUL byte
      steps:
        - id: read
          title: Read a token
          on: pve1
          run: printf 'serial=ab\\000cd\\n'
          capture: {serial: 'serial=(\\S+)'}
        - id: use
          title: Use it
          on: pve1
          run: touch \(marker); echo {{ serial }}
      """, named: "nul")

    let run = try workspace.run(workspace.runArguments(runbook))
    #expect(run.status == 1, "\(run)")
    #expect(!workspace.exists(marker), "the step ran with a NUL byte in its command")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.first))
    #expect(transcript.output(step: "read", node: "pve1") == Array("serial=ab\0cd\n".utf8))
    #expect(!transcript.startedSteps.contains("use"), "the step must not start")
    let abort = transcript.events("flow").first { $0["action"]?.stringValue == "abort" }
    #expect(abort?["step"]?.stringValue == "use")
    #expect(abort?["detail"]?.stringValue?.contains("NUL byte") == true, "\(String(describing: abort))")
    #expect((run.stdoutText + run.stderr).contains("NUL byte"), "the operator must be told: \(run)")
    #expect(try workspace.auditTranscripts() == [])
  }
}
