import Foundation
import LifelineCore
import LifelineSystem

/// Writes the Markdown post-incident report and its SVG pictures next to a session's
/// transcript when it ends.
enum SessionReport {
  /// A transcript larger than this holds a huge output; rendering it at the end of every run
  /// would cost more time and memory than the run itself, so it is left to `transcript render`.
  static let largestRenderedAtTheEnd = 32 << 20

  /// The report's path, or nil (with the reason on stderr) when it could not be written; the
  /// transcript itself is the record and stays valid either way.
  @discardableResult
  static func write(for transcriptPath: String, runbooks: [ReportRunbook]) -> String? {
    var status = stat()
    if stat(transcriptPath, &status) == 0, status.st_size > largestRenderedAtTheEnd {
      StandardStreams.out(
        "The transcript is \(status.st_size >> 20) MiB; render its report when needed: lifeline transcript render \(transcriptPath)"
      )
      return nil
    }
    let reportPath = (transcriptPath.hasSuffix(".jsonl") ? String(transcriptPath.dropLast(6)) : transcriptPath) + ".md"
    do {
      let contents = try TextFile.read(transcriptPath)
      let report = ReportRenderer.markdownWithPictures(
        transcript: contents, fileName: URL(fileURLWithPath: transcriptPath).lastPathComponent, runbooks: runbooks)
      try TextFile.write(report.markdown, to: reportPath)
      do {
        try ReportPictureFiles.write(report.pictures, nextTo: reportPath)
      } catch {
        StandardStreams.error("the report's pictures were not written: \(error)")
      }
      return reportPath
    } catch {
      StandardStreams.error(
        "the report was not written: \(error); render it later with: lifeline transcript render \(transcriptPath)")
      return nil
    }
  }
}
