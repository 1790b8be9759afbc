/// Turns a transcript into a post-incident record a person can hand to a colleague: summary,
/// findings, timeline, every step with its command and output, notes, confirmations,
/// connections, the flowchart with the path taken, and the chain's final hash.
///
/// Pure: it reads the transcript text it is given and the runbooks the caller found; the
/// caller reads and writes files. It verifies the chain itself and says at the top whether
/// the record verifies, so a report of an altered record cannot pass for a good one.
public enum ReportRenderer {
  /// The report as GitHub-flavoured Markdown.
  ///
  /// - Parameters:
  ///   - transcript: the whole `.jsonl` file.
  ///   - fileName: the transcript's file name, which the report's data links point into
  ///     (`2026-11-06T17-40-12Z_node-recovery_pve2.jsonl#seq=12`); write the report next to it.
  ///   - runbooks: what the caller found of the runbooks ``recordedRunbooks(in:)`` lists; a
  ///     runbook missing here gets a note in place of its flowchart.
  public static func markdown(transcript: String, fileName: String, runbooks: [ReportRunbook]) -> String {
    ReportMarkdownWriter.write(layout(transcript, fileName: fileName, runbooks: runbooks).blocks)
  }

  /// The report as one self-contained HTML file; the parameters are those of ``markdown(transcript:fileName:runbooks:)``.
  public static func html(transcript: String, fileName: String, runbooks: [ReportRunbook]) -> String {
    let layout = layout(transcript, fileName: fileName, runbooks: runbooks)
    return ReportHTMLWriter.write(layout.blocks, title: layout.title)
  }

  /// The SVG pictures the Markdown report links to (`STEM.timeline.svg`, `STEM.flowchart.svg`),
  /// to be written next to it; the HTML report holds them inline. The parameters are those of
  /// ``markdown(transcript:fileName:runbooks:)``.
  public static func pictures(transcript: String, fileName: String, runbooks: [ReportRunbook]) -> [ReportPicture] {
    layout(transcript, fileName: fileName, runbooks: runbooks).pictures
  }

  /// The Markdown report and the pictures it links to, from one reading of the transcript.
  public static func markdownWithPictures(transcript: String, fileName: String, runbooks: [ReportRunbook])
    -> (markdown: String, pictures: [ReportPicture])
  {
    let layout = layout(transcript, fileName: fileName, runbooks: runbooks)
    return (ReportMarkdownWriter.write(layout.blocks), layout.pictures)
  }

  /// The runbooks a transcript says its session ran (`session.start`, `runbook.load`), each
  /// once, in order: the files to look for before rendering.
  public static func recordedRunbooks(in transcript: String) -> [RecordedRunbook] {
    var found: [RecordedRunbook] = []
    for line in transcript.split(separator: "\n")
    where line.contains("\"type\":\"session.start\"") || line.contains("\"type\":\"runbook.load\"") {
      guard let event = JSONValue.parse(line), let name = event["runbook"]?.stringValue,
        let file = event["runbook_file"]?.stringValue, let sha256 = event["runbook_sha256"]?.stringValue
      else { continue }
      let runbook = RecordedRunbook(name: name, file: file, sha256: sha256)
      if !found.contains(runbook) { found.append(runbook) }
    }
    return found
  }

  private static func layout(_ transcript: String, fileName: String, runbooks: [ReportRunbook]) -> ReportLayout {
    let record = ReportRecord(
      transcript: transcript, fileName: fileName, evidenceSteps: ReportLayout.evidenceSteps(of: runbooks))
    return ReportLayout(record: record, runbooks: runbooks)
  }
}
