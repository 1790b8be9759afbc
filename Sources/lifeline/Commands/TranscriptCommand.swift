import ArgumentParser
import LifelineCore
import LifelineSystem

struct TranscriptCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "transcript",
    abstract: "Verify transcripts and render them as post-incident reports.",
    subcommands: [VerifyTranscript.self, RenderTranscript.self]
  )
}

struct VerifyTranscript: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check a transcript's hash chain.",
    discussion: """
      Prints the event count and the final hash (exit 0), or the first line that was altered, \
      removed or inserted (exit 1). Compare the final hash with the one printed when the session \
      ended or written in its report: the chain proves the lines, that hash pins the end.
      """
  )

  @Argument(help: "A transcript file (.jsonl).", completion: .file(extensions: ["jsonl"]))
  var file: String

  func run() throws {
    let contents: String
    do {
      contents = try TextFile.read(file)
    } catch {
      throw UserError(error.description)
    }
    switch TranscriptVerifier.verify(contents) {
    case .intact(let events, let hash, let truncated):
      StandardStreams.out("ok: \(file): \(events) events, final hash \(hash)")
      if truncated {
        StandardStreams.out(
          "note: the file ends in a partial line (the session was cut off while writing); it is not part of the record")
      }
    case .broken(let line, let reason):
      StandardStreams.out("TAMPERED: \(file):\(line): \(reason)")
      throw ExitStatus.failure
    }
  }
}
