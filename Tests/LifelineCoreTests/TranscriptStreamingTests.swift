import Foundation
import Testing

@testable import LifelineCore

/// Output arrives in chunks that end anywhere: redaction and the record must not depend on
/// where.
@Suite struct StreamRedactorTests {
  static let redactor = Redactor(secrets: ["hunter2-secret", "pässwörd-ü"])

  /// Redacts `chunks` as one stream, the way the transcript writer does.
  static func stream(_ chunks: [[UInt8]], redactor: Redactor = redactor) -> [UInt8] {
    var stream = StreamRedactor()
    var out: [UInt8] = []
    for chunk in chunks { out += stream.redact(chunk, with: redactor) }
    return out + stream.finish()
  }

  static let lines = [
    "login as root with hunter2-secret\n",
    "curl -H 'Authorization: PVEAPIToken=root@pam!ci=6f1c-44aa-99' https://pve1:8006\n",
    "mysql password=letmein --token abc123 --secret=xyz TOKEN=q\n",
    "le mot de passe est pässwörd-ü, ok\n",
    "nothing to hide here\n",
  ]

  @Test("a secret or credential split at any byte across two chunks is masked", arguments: lines)
  func everySplitOfOneLine(line: String) {
    let bytes = Array(line.utf8)
    let whole = Self.redactor.redact(bytes)
    for cut in 0...bytes.count {
      let split = Self.stream([Array(bytes[..<cut]), Array(bytes[cut...])])
      #expect(split == whole, "cut at \(cut): \(String(decoding: split, as: UTF8.self))")
    }
  }

  @Test func randomChunkingsOfAStreamRedactLikeTheWholeStream() {
    let text = Array(Self.lines.joined().utf8) + Array(Self.lines.reversed().joined().utf8)
    let whole = Self.redactor.redact(text)
    #expect(!String(decoding: whole, as: UTF8.self).contains("hunter2"))
    var generator = SeededGenerator(seed: 21)
    for _ in 0..<300 {
      var chunks: [[UInt8]] = []
      var offset = 0
      while offset < text.count {
        let size = min(text.count - offset, Int.random(in: 0...40, using: &generator))
        chunks.append(Array(text[offset..<offset + size]))
        offset += size
      }
      #expect(Self.stream(chunks) == whole)
    }
  }

  @Test func binaryOutputLosesASplitSecretValueToo() {
    let binary: [UInt8] = [0xFF, 0x00] + Array("hunter2-secret".utf8) + [0xFE, 0x01]
    let whole = Self.redactor.redact(binary)
    #expect(whole == [0xFF, 0x00] + Array(Redactor.mask.utf8) + [0xFE, 0x01])
    for cut in 0...binary.count {
      #expect(Self.stream([Array(binary[..<cut]), Array(binary[cut...])]) == whole, "cut at \(cut)")
    }
  }

  @Test func aCharacterCutInTwoWaitsForItsOtherBytes() {
    var stream = StreamRedactor()
    let text = Array("grün\n".utf8)  // ü is 0xC3 0xBC
    let first = stream.redact(Array(text[..<3]), with: Redactor(secrets: []))
    #expect(first == Array("gr".utf8), "the lead byte of ü waits")
    #expect(stream.redact(Array(text[3...]), with: Redactor(secrets: [])) == Array(text[2...]))
    #expect(stream.heldCount == 0)
  }

  @Test func linesThatEndInANewlineAreNeverHeldBack() {
    var stream = StreamRedactor()
    for line in Self.lines {
      let out = stream.redact(Array(line.utf8), with: Self.redactor)
      #expect(out == Self.redactor.redact(Array(line.utf8)))
      #expect(stream.heldCount == 0)
    }
  }

  @Test func aCredentialWhoseValueRunsOverManyChunksIsMaskedWhole() {
    var stream = StreamRedactor()
    let redactor = Redactor(secrets: [])
    var released = stream.redact(Array("password=".utf8), with: redactor)
    #expect(released.isEmpty)
    for _ in 0..<20 {
      released += stream.redact([UInt8](repeating: UInt8(ascii: "x"), count: 10_000), with: redactor)
      #expect(stream.heldCount < 64, "what is held is the masked value, not the value")
    }
    released += stream.redact(Array(" done\n".utf8), with: redactor)
    #expect(stream.heldCount == 0)
    #expect(String(decoding: released, as: UTF8.self) == "password=" + Redactor.mask + " done\n")
  }
}

@Suite struct TranscriptSealerTests {
  static func sealer(secrets: [String] = ["hunter2-secret"]) -> TranscriptSealer {
    TranscriptSealer(chain: TranscriptChain(), redactor: Redactor(secrets: secrets))
  }

  static func outputTexts(_ lines: [UInt8]) -> [(node: String, text: String)] {
    String(decoding: lines, as: UTF8.self).split(separator: "\n").compactMap { line in
      guard let event = JSONValue.parse(line), event["type"] == "output" else { return nil }
      return (event["node"]?.stringValue ?? "", event["text"]?.stringValue ?? "")
    }
  }

  @Test("fan-out: each node's stream is redacted on its own, and every line chains")
  func interleavedNodes() {
    var sealer = Self.sealer()
    var lines: [UInt8] = []
    var shown: [String: [UInt8]] = [:]
    _ = sealer.seal(.sessionStart(TranscriptFixture.info), at: 0, onto: &lines)
    let parts = ["pw is hun", "ter2-sec", "ret\n"]
    for part in parts {
      for node in ["pve1", "pve2", "pve3"] {
        let chunk = OutputChunk(step: "s", node: node, stream: .stdout, bytes: Array(part.utf8))
        if let out = sealer.seal(chunk, at: 1, onto: &lines, show: { _ in }) { shown[node, default: []] += out.bytes }
        _ = sealer.seal(.connection(ConnectionEvent(node: "pve4", kind: .connected)), at: 1, onto: &lines)
      }
    }
    _ = sealer.seal(.flow(.cancel, step: "s", detail: "x"), at: 2, onto: &lines)
    let text = String(decoding: lines, as: UTF8.self)
    #expect(!text.contains("hunter2") && !text.contains("ter2-sec"), "\(text)")
    for node in ["pve1", "pve2", "pve3"] {
      let recorded = Self.outputTexts(lines).filter { $0.node == node }.map(\.text).joined()
      #expect(recorded == "pw is \(Redactor.mask)\n")
      #expect(String(decoding: shown[node] ?? [], as: UTF8.self) == recorded, "the screen shows what is recorded")
    }
    guard case .intact(let events, _, _) = TranscriptVerifier.verify(text) else {
      Issue.record("does not verify: \(text)")
      return
    }
    #expect(events == String(decoding: lines, as: UTF8.self).split(separator: "\n").count)
  }

  @Test func heldOutputIsRecordedBeforeTheStepEnds() {
    var sealer = Self.sealer()
    var lines: [UInt8] = []
    _ = sealer.seal(.sessionStart(TranscriptFixture.info), at: 0, onto: &lines)
    let chunk = OutputChunk(step: "s", node: "pve1", stream: .stderr, bytes: Array("no newline, ends in hunter2-".utf8))
    var shown: [UInt8] = []
    if let out = sealer.seal(chunk, at: 1, onto: &lines, show: { _ in }) { shown += out.bytes }
    let released = sealer.seal(.note("the step ends"), at: 2, onto: &lines)
    shown += released.flatMap(\.bytes)
    let types = String(decoding: lines, as: UTF8.self).split(separator: "\n").compactMap {
      JSONValue.parse($0)?["type"]?.stringValue
    }
    #expect(types == ["session.start", "output", "output", "note"])
    #expect(Self.outputTexts(lines).map(\.text).joined() == "no newline, ends in hunter2-")
    #expect(String(decoding: shown, as: UTF8.self) == "no newline, ends in hunter2-")
  }

  @Test func aResumedChainContinuesFromTheFile() {
    var first = Self.sealer()
    var lines: [UInt8] = []
    _ = first.seal(.sessionStart(TranscriptFixture.info), at: 0, onto: &lines)
    _ = first.seal(OutputChunk(step: "s", node: "n", stream: .stdout, bytes: Array("a\n".utf8)), at: 1, onto: &lines) {
      _ in
    }
    var resumed = TranscriptSealer(
      chain: TranscriptChain(continuingAfter: first.chain.nextSequence - 1, hash: first.chain.head),
      redactor: Redactor(secrets: []))
    _ = resumed.seal(
      .sessionResume(atStep: "s", previousEvents: 2, cluster: "lab", inventoryFile: nil), at: 2, onto: &lines)
    _ = resumed.seal(OutputChunk(step: "s", node: "n", stream: .stdout, bytes: Array("b\n".utf8)), at: 3, onto: &lines)
    {
      _ in
    }
    #expect(
      TranscriptVerifier.verify(String(decoding: lines, as: UTF8.self))
        == .intact(events: 4, finalHash: resumed.chain.head, truncatedTail: false))
  }
}
