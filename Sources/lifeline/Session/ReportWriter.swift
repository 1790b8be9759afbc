import Foundation
import LifelineCore
import LifelineSystem

/// Writes the Markdown report of a transcript next to it (`…_pve2.jsonl` → `…_pve2.md`) when
/// a session ends, from `lifeline run` and the console alike, with the SVG pictures it links to.
enum ReportWriter {
  /// A transcript larger than this holds a huge output; rendering it at the end of every
  /// session would cost more time and memory than the session itself, so it is left to
  /// `transcript render`.
  static let largestRenderedAtTheEnd = 32 << 20

  /// What became of the report.
  enum Written {
    /// - Parameter warning: set when the Markdown was written but its pictures were not.
    case written(path: String, warning: String?)
    /// The transcript is too large to render now: the text says how to render it later.
    case deferred(String)
  }

  /// - Parameter loaded: the runbooks the session loaded, which the report's flowcharts use
  ///   when their SHA-256 is the recorded one; others are looked up by their recorded path.
  static func write(transcript path: String, loaded: [LoadedRunbook], library: RunbookLibrary) throws(UserError)
    -> Written
  {
    var status = stat()
    if stat(path, &status) == 0, status.st_size > largestRenderedAtTheEnd {
      return .deferred(
        "The transcript is \(status.st_size >> 20) MiB; render its report when needed: lifeline transcript render \(path)"
      )
    }
    let contents: String
    do {
      contents = try TextFile.readRecord(path)
    } catch {
      throw .failure(
        "the report was not written: cannot read the transcript (\(error.description)); render it later with: lifeline transcript render \(path)"
      )
    }
    let runbooks = ReportRenderer.recordedRunbooks(in: contents).map { recorded -> ReportRunbook in
      if let match = loaded.first(where: { $0.sha256 == recorded.sha256 }) {
        return .loaded(match.runbook, sha256: match.sha256)
      }
      if let found = try? library.load(recorded.file), found.sha256 == recorded.sha256 {
        return .loaded(found.runbook, sha256: found.sha256)
      }
      return .unavailable(file: recorded.file, reason: "is no longer there, or has changed since the session")
    }
    let fileName = (path as NSString).lastPathComponent
    let report = ReportRenderer.markdownWithPictures(transcript: contents, fileName: fileName, runbooks: runbooks)
    let reportPath = (path.hasSuffix(".jsonl") ? String(path.dropLast(".jsonl".count)) : path) + ".md"
    do {
      try TextFile.write(report.markdown, to: reportPath, mode: 0o600)
    } catch {
      throw .failure(
        "the report was not written (\(error.description)); render it later with: lifeline transcript render \(path)")
    }
    do {
      try ReportPictureFiles.write(report.pictures, nextTo: reportPath)
    } catch {
      return .written(path: reportPath, warning: "the report's pictures were not written: \(error)")
    }
    return .written(path: reportPath, warning: nil)
  }
}
