import Foundation
import LifelineCore
import LifelineSystem

/// Writes the Markdown report of a transcript next to it (`…_pve2.jsonl` → `…_pve2.md`), with
/// the SVG pictures it links to.
enum ReportWriter {
  /// - Parameter loaded: the runbooks the session loaded, which the report's flowcharts use
  ///   when their SHA-256 is the recorded one; others are looked up by their recorded path.
  /// - Returns: the report's path.
  static func write(transcript path: String, loaded: [LoadedRunbook], library: RunbookLibrary) throws(ReplError)
    -> String
  {
    let contents: String
    do {
      contents = try TextFile.read(path)
    } catch {
      throw .failure("cannot read the transcript for its report: \(error.description)")
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
      try ReportPictureFiles.write(report.pictures, nextTo: reportPath)
    } catch {
      throw .failure("cannot write the report: \(error.description)")
    }
    return reportPath
  }
}
