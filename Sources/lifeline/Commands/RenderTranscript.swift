import ArgumentParser
import Foundation
import LifelineCore
import LifelineSystem

struct RenderTranscript: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Render a transcript as a post-incident report.",
    discussion: """
      The report has a summary, the findings, a timeline linked to the transcript's lines, every \
      step with its command and output, the operator's notes, confirmations, answers and \
      connections, the runbook's flowchart with the path taken, and the chain's final hash. \
      Steps marked as evidence give the incident's own timeline and a drafted impact; findings \
      with an action give the action items. Root cause and lessons are left for the incident owner.

      Markdown written with -o gets its pictures (a timeline and the flowchart, as SVG) next to \
      it; the HTML report holds them inline.

      The chain is verified first, and the report says at its top whether the record verifies. \
      The flowchart needs the runbook file the session recorded, unchanged (same SHA-256); \
      otherwise the report says why it has none.

      Exit status: 0 the report was written; 1 it was written, but the record does not verify; \
      2 the transcript cannot be read or the report cannot be written.
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case md
    case html
  }

  @Argument(help: "A transcript file (.jsonl).", completion: .file(extensions: ["jsonl"]))
  var file: String

  @Option(help: "md (Markdown) or html (one self-contained file).")
  var format: Format = .md

  @Option(
    name: .shortAndLong, help: ArgumentHelp("Write the report to this file, not to stdout.", valueName: "FILE"),
    completion: .file())
  var output: String?

  func run() throws {
    let contents: String
    do {
      contents = try TextFile.readRecord(file)
    } catch {
      throw UserError(error.description)
    }
    let fileName = URL(fileURLWithPath: file).lastPathComponent
    let runbooks = ReportRenderer.recordedRunbooks(in: contents).map(locate)
    let (report, pictures) =
      switch format {
      case .md: ReportRenderer.markdownWithPictures(transcript: contents, fileName: fileName, runbooks: runbooks)
      case .html: (ReportRenderer.html(transcript: contents, fileName: fileName, runbooks: runbooks), [])
      }
    if let output {
      do {
        try TextFile.write(report, to: output)
        try ReportPictureFiles.write(pictures, nextTo: output)
      } catch {
        throw UserError(error.description)
      }
    } else {
      StandardStreams.out(report, terminator: "")
    }
    if case .broken(let line, let reason) = TranscriptVerifier.verify(contents) {
      StandardStreams.error("\(file):\(line): the record does not verify (\(reason)); the report says so at its top")
      throw ExitStatus.failure
    }
  }

  /// The recorded runbook, if a file at its path (as recorded, or relative to the transcript's
  /// folder and the folder above, where `./Runbooks` sits beside `./Transcripts`) still has
  /// the recorded SHA-256.
  private func locate(_ recorded: RecordedRunbook) -> ReportRunbook {
    var changed: String?
    for path in candidates(for: recorded.file) where Paths.exists(path) {
      guard let bytes = try? TextFile.readBytes(path) else { continue }
      let sha256 = SHA256.hex(bytes)
      guard sha256 == recorded.sha256 else {
        changed = changed ?? path
        continue
      }
      do {
        let runbook = try RunbookLoader.load(text: String(decoding: bytes, as: UTF8.self), file: recorded.file)
        return .loaded(runbook, sha256: sha256)
      } catch {
        return .unavailable(file: recorded.file, reason: "is unchanged but no longer loads in this version of lifeline")
      }
    }
    if let changed {
      return .unavailable(
        file: recorded.file, reason: "has changed since the session (\(changed) no longer has the recorded SHA-256)")
    }
    return .unavailable(file: recorded.file, reason: "is no longer there")
  }

  private func candidates(for runbookFile: String) -> [String] {
    guard !runbookFile.isEmpty else { return [] }
    guard !runbookFile.hasPrefix("/") else { return [runbookFile] }
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    return [
      runbookFile, folder.appendingPathComponent(runbookFile).path,
      folder.deletingLastPathComponent().appendingPathComponent(runbookFile).path,
    ]
  }
}
