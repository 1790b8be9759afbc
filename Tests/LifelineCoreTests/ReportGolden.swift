import Foundation
import Testing

/// Compares rendered text with a golden file under `Golden/`, next to this file.
///
/// Run with `RECORD_GOLDEN=1` to write the golden files from the current output, then
/// review the diff. A missing golden file fails the test: it must be recorded on purpose.
enum ReportGolden {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: file)
      return
    }
    guard let data = FileManager.default.contents(atPath: file.path) else {
      Issue.record(
        "no golden file \(file.path); record it with RECORD_GOLDEN=1 and review it", sourceLocation: sourceLocation)
      return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard actual != expected else { return }
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let index =
      zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(actualLines.count, expectedLines.count)
    let shown = { (lines: [Substring]) in index < lines.count ? String(lines[index]) : "(end of text)" }
    Issue.record(
      """
      \(name) differs from its golden file at line \(index + 1):
        expected: \(shown(expectedLines))
        actual:   \(shown(actualLines))
      If the change is intended, re-record with RECORD_GOLDEN=1 and review the diff.
      """, sourceLocation: sourceLocation)
  }
}
