import Testing

@testable import LifelineCore

@Suite struct ReportOutputExcerptTests {
  private func excerpt(_ chunks: [[UInt8]]) -> ReportOutputExcerpt {
    var excerpt = ReportOutputExcerpt(node: "pve1", stream: "stdout", sequence: 1)
    for (index, chunk) in chunks.enumerated() { excerpt.append(chunk, sequence: index + 1) }
    return excerpt
  }

  @Test func aCharacterSplitBetweenChunksIsStillText() {
    let bytes = Array("Größe: 12 GiB\n".utf8)
    // "ö" is two bytes; the recorder stores both halves as base64 chunks.
    let split = excerpt([Array(bytes[0..<3]), Array(bytes[3...])])
    #expect(split.shown == .whole("Größe: 12 GiB\n"))
  }

  @Test func bytesThatAreNotUTF8AreBinary() {
    #expect(excerpt([[0x7F, 0x45, 0x4C, 0x46, 0xFF, 0xFE, 0x00]]).shown == .binary)
  }

  @Test func shortOutputIsShownOpenAndLongOutputFolded() {
    let short = excerpt([Array(String(repeating: "ok\n", count: 20).utf8)])
    #expect(!short.isFolded)
    let long = excerpt([Array(String(repeating: "ok\n", count: 21).utf8)])
    #expect(long.isFolded)
    #expect(long.lineCount == 21)
  }

  @Test func veryLongLinesAreCutWithoutOverlap() {
    let line = String(repeating: "x", count: 10_000)
    let output = excerpt([Array("first\n\(line)\n\(line)\n\(line)\nlast\n".utf8)])
    guard case .excerpt(let head, let omittedLines, let omittedBytes, let tail) = output.shown else {
      Issue.record("expected an excerpt, got \(output.shown)")
      return
    }
    #expect(head == "first\n")
    #expect(tail == "last\n")
    #expect(omittedLines == 3)
    #expect(omittedBytes == output.totalBytes - 6 - 5)
  }

  @Test func manyShortLinesShowTheFirstAndLastFifty() {
    let text = (1...500).map { "line \($0)\n" }.joined()
    guard case .excerpt(let head, let omittedLines, _, let tail) = excerpt([Array(text.utf8)]).shown else {
      Issue.record("expected an excerpt")
      return
    }
    #expect(head.hasPrefix("line 1\n") && head.hasSuffix("line 50\n"))
    #expect(tail.hasPrefix("line 451\n") && tail.hasSuffix("line 500\n"))
    #expect(omittedLines == 400)
  }
}
