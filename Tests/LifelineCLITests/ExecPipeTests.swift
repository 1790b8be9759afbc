import Foundation
import Glibc
import LifelineCore
import SSHTestSupport
import Testing

/// `lifeline exec` with stdout not a terminal behaves like ssh in a pipe: the command's stdout
/// byte for byte on stdout, its stderr on stderr, Lifeline's own lines on stderr, the
/// command's exit status; a reader that goes away ends the run as a broken pipe (141),
/// recorded as failed. Against a real sshd on loopback.
@Suite("exec: in a pipe, like ssh", .serialized)
struct ExecPipeTests {
  let fixture: SSHServerFixture
  let workspace: ReliabilityWorkspace

  init() throws {
    fixture = try SSHServerFixture(nodes: ["pve1"])
    workspace = try ReliabilityWorkspace(fixture: fixture)
  }

  func exec(_ command: String) -> [String] {
    ["exec", "pve1", "--inventory", workspace.inventory, "--transcripts", workspace.transcripts, "--", command]
  }

  @Test("exec NODE -- cat FILE > copy gives an exact copy, of text and of binary; the transcript still records it")
  func exactCopy() throws {
    defer { fixture.stop() }
    let text = Array(
      "logging {\n  debug: off\n  to_syslog: yes\n}\n\nnodelist {\n  node {\n    name: pve1\n    nodeid: 1\n  }\n}\n"
        .utf8)
    var binary = [UInt8](0...255)
    binary += [0x1B, 0x5B, 0x32, 0x4A, 0x0D, 0xFF, 0xFE, 0x00, 0xC3]  // escapes, CR, ends inside a character
    for (name, bytes) in [("corosync.conf", text), ("blob.bin", binary)] {
      let file = workspace.directory + "/" + name
      try Data(bytes).write(to: URL(fileURLWithPath: file))
      let before = Set(workspace.transcriptFiles)
      let run = try workspace.run(exec("cat " + file))
      #expect(run.status == 0, "\(run)")
      #expect(Array(run.stdout) == bytes, "\(name): stdout is not an exact copy: \(run)")
      #expect(run.stderr.contains("connected to pve1"), "Lifeline's own lines go to stderr: \(run)")
      #expect(run.stderr.contains("ok · transcript "), "\(run)")
      let transcript = try Transcript(try #require(workspace.transcriptFiles.first { !before.contains($0) }))
      #expect(Self.output(of: transcript, stream: "stdout") == bytes, "\(name): the transcript records the bytes")
      #expect(transcript.outcome == "succeeded")
    }
    #expect(try workspace.auditTranscripts() == [])
  }

  @Test("the remote stderr goes to stderr, nothing of Lifeline's on stdout, and the command's exit status")
  func streamsAndStatus() throws {
    defer { fixture.stop() }
    let run = try workspace.run(exec("printf 'a\\nb\\n'; echo oops >&2; exit 3"))
    #expect(run.status == 3, "\(run)")
    #expect(run.stdoutText == "a\nb\n", "\(run)")
    #expect(run.stderr.contains("oops\n"), "\(run)")
    #expect(run.stderr.contains("exit 3 · transcript "), "\(run)")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.last))
    #expect(Self.output(of: transcript, stream: "stderr") == Array("oops\n".utf8))
    #expect(transcript.outcome == "failed")
  }

  @Test("secrets stay masked in a pipe, as on the screen and in the transcript (unlike ssh)")
  func secretsMasked() throws {
    defer { fixture.stop() }
    let file = workspace.directory + "/credentials"
    try Data("user=root\npassword=hunter2\n".utf8).write(to: URL(fileURLWithPath: file))
    let run = try workspace.run(exec("cat " + file))
    #expect(run.status == 0, "\(run)")
    #expect(run.stdoutText == "user=root\npassword=‹redacted›\n", "\(run)")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.last))
    #expect(!(try String(contentsOfFile: transcript.path, encoding: .utf8)).contains("hunter2"))
  }

  @Test("| head -1: the run ends as a broken pipe (141), the command is stopped, the transcript records a failure")
  func readerGoesAway() throws {
    defer { fixture.stop() }
    let invocation = ([ReliabilityBinary.path] + exec("yes lifeline")).map(Self.shellQuoted).joined(separator: " ")
    let environment = workspace.environment.map { "\($0.key)=\($0.value)" }
    let result = try REPLSubprocess.run(
      ["env", "-i"] + environment + [
        "bash", "-c", "cd \(workspace.directory) && \(invocation) | head -1; echo \"status ${PIPESTATUS[0]}\"",
      ])
    #expect(result.stdout == "lifeline\nstatus 141\n", "\(result)")
    #expect(result.stderr.contains("broken pipe"), "\(result)")
    let transcript = try Transcript(try #require(workspace.transcriptFiles.last))
    #expect(transcript.outcome == "failed", "\(transcript.events.suffix(3))")
    #expect(transcript.types.suffix(2) == ["session.end", "seal"], "\(transcript.types)")
    #expect(fixture.leftovers().isEmpty, "the remote command was stopped")
    #expect(try workspace.auditTranscripts() == [])
  }

  /// The bytes the ad-hoc command printed on a stream, from its output events.
  static func output(of transcript: Transcript, stream: String) -> [UInt8] {
    var bytes: [UInt8] = []
    for event in transcript.events("output") where event["stream"]?.stringValue == stream {
      if let text = event["text"]?.stringValue {
        bytes += Array(text.utf8)
      } else if let encoded = event["bytes"]?.stringValue, let data = Data(base64Encoded: encoded) {
        bytes += Array(data)
      }
    }
    return bytes
  }

  static func shellQuoted(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
