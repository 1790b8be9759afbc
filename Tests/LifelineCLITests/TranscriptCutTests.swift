import Foundation
import LifelineCore
import Testing

/// Records cut off where a crash or a power loss leaves them: `verify` says what is missing,
/// and `run --resume` continues them (#21 item 12).
@Suite("transcripts: records cut off mid-character and at a line's end")
struct TranscriptCutTests {
  /// A finished run of a local runbook whose first step prints multi-byte UTF-8, and the
  /// bytes of its transcript.
  static func recordedRun() throws -> (REPLWorkspace, String, [UInt8]) {
    let workspace = try REPLWorkspace()
    try workspace.write("cluster: lab\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "inventory.yaml")
    try workspace.write(
      """
      name: accents
      title: Prints accents
      steps:
        - {id: one, on: local, run: "printf 'héllo wörld\\\\n'"}
        - {id: two, on: local, run: "echo done"}
      """, to: "Runbooks/accents.yaml")
    let run = try REPLPipedRun("", arguments: ["run", "accents", "--inventory", "inventory.yaml"], in: workspace)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    let transcript = try #require(workspace.transcripts.first)
    return (workspace, transcript, Array(try Data(contentsOf: URL(fileURLWithPath: transcript))))
  }

  @Test("a partial last line cut inside a multi-byte character is a note, and the run resumes")
  func cutInsideACharacter() throws {
    let (workspace, transcript, bytes) = try Self.recordedRun()
    // Up to and including the first byte of the "é" in the output event's line.
    let accent = Array("é".utf8)
    let at = try #require(bytes.indices.first { bytes[$0] == accent[0] && bytes[$0 + 1] == accent[1] })
    try Data(bytes[...at]).write(to: URL(fileURLWithPath: transcript))

    let verify = try REPLPipedRun("", arguments: ["transcript", "verify", transcript], in: workspace)
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    #expect(verify.stdout.contains("note: the file ends in a partial line"), "\(verify.stdout)")
    #expect(verify.stdout.contains("note: the record has no session.end"), "\(verify.stdout)")

    let resume = try REPLPipedRun(
      "", arguments: ["run", "--resume", transcript, "--inventory", "inventory.yaml"], in: workspace)
    #expect(resume.status == 0, "\(resume.stdout)\(resume.stderr)")
    #expect(resume.stdout.contains("héllo wörld"))
    #expect(!resume.stdout.contains("warning:"), "the same inventory: \(resume.stdout)")
    let resumed = try String(contentsOfFile: transcript, encoding: .utf8)
    guard case .intact = TranscriptVerifier.verify(resumed) else {
      Issue.record("the resumed transcript does not verify")
      return
    }
    #expect(TranscriptVerifier.lastSessionEnded(resumed))
  }

  @Test("a record cut at a line's end verifies, with a note that its end is missing")
  func cutAtALineEnd() throws {
    let (workspace, transcript, bytes) = try Self.recordedRun()
    let ended = try REPLPipedRun("", arguments: ["transcript", "verify", transcript], in: workspace)
    #expect(ended.status == 0)
    #expect(!ended.stdout.contains("note:"), "a complete record has nothing missing: \(ended.stdout)")

    let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
    try Data(bytes[...newlines[2]]).write(to: URL(fileURLWithPath: transcript))
    let verify = try REPLPipedRun("", arguments: ["transcript", "verify", transcript], in: workspace)
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    #expect(verify.stdout.contains("ok: \(transcript): 3 events"), "\(verify.stdout)")
    #expect(
      verify.stdout.contains(
        "note: the record has no session.end after its last session start: the session was cut off"),
      "\(verify.stdout)")
    #expect(!verify.stdout.contains("partial line"))
  }

  @Test("a resume with another inventory is warned about and recorded")
  func resumeWithAnotherInventory() throws {
    let (workspace, transcript, bytes) = try Self.recordedRun()
    let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
    try Data(bytes[...newlines[2]]).write(to: URL(fileURLWithPath: transcript))
    try workspace.write("cluster: other\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "other.yaml")

    let resume = try REPLPipedRun(
      "", arguments: ["run", "--resume", transcript, "--inventory", "other.yaml"], in: workspace)
    #expect(resume.status == 0, "\(resume.stdout)\(resume.stderr)")
    let change = "was recorded with cluster 'lab' (inventory.yaml); it goes on with cluster 'other' (other.yaml)"
    #expect(resume.stdout.contains("warning: \(transcript) \(change)"), "\(resume.stdout)")
    let event = try #require(try workspace.events(of: transcript).first { $0["type"]?.stringValue == "session.resume" })
    #expect(event["cluster"]?.stringValue == "other")
    #expect(event["inventory"]?.stringValue == "other.yaml")
    #expect(event["inventory_change"]?.stringValue?.hasSuffix(change) == true)

  }
}
