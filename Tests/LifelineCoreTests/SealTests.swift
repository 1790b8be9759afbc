import Foundation
import Testing

@testable import LifelineCore

/// Signs by writing the key and the message into the "signature": enough to tell a good
/// signature, a changed message and a stranger's key apart without ssh-keygen.
struct FakeSignatures: SignatureVerifying {
  /// Key to principal.
  var allowed: [String: String]

  static func sign(_ message: SealMessage, key: String) -> SealSignature {
    .signed(body: Data("\(key)|\(message.signedText)".utf8).base64EncodedString(), key: key, comment: "\(key)@laptop")
  }

  func verify(_ message: String, signature: String) -> SignatureCheck {
    guard let body = SSHSignatureArmor.body(of: signature), let bytes = Data(base64Encoded: body),
      let text = String(data: bytes, encoding: .utf8), let bar = text.firstIndex(of: "|")
    else { return .invalid("not a signature") }
    let key = String(text[..<bar])
    guard String(text[text.index(after: bar)...]) == message else { return .invalid("the message was changed") }
    guard let principal = allowed[key] else { return .untrusted(key: key) }
    return .trusted(principal: principal, key: key)
  }
}

@Suite struct SealTests {
  static let fileName = "2026-11-06T17-40-12Z_node-recovery_pve2.jsonl"
  static let trusted = FakeSignatures(allowed: ["SHA256:alice": "alice@example.org"])

  /// The fixture's session, closed with a seal signed by `key` (witnessed on pve1 and pve2).
  static func sealedRecord(key: String? = "SHA256:alice", events: [TranscriptEvent] = TranscriptFixture.events)
    -> (text: String, lines: [String])
  {
    var chain = TranscriptChain()
    var lines = events.map { chain.seal($0, epochMilliseconds: 1_700_000_000_000) }
    let message = SealMessage(fileName: fileName, events: lines.count, hash: chain.head)
    let signature = key.map { FakeSignatures.sign(message, key: $0) } ?? .unsigned("no key")
    lines.append(
      chain.seal(
        .seal(
          message, signature: signature,
          witnesses: [WitnessEntry(node: "pve1", logged: true), WitnessEntry(node: "pve2", logged: false, detail: "x")]),
        epochMilliseconds: 1_700_000_000_000))
    return (lines.map { $0 + "\n" }.joined(), lines)
  }

  static func check(_ text: String, signatures: (any SignatureVerifying)? = trusted, fileName: String = fileName)
    -> RecordVerification
  {
    RecordVerification.check(text, fileName: fileName, signatures: signatures)
  }

  @Test func theMessageIsOnePlainLineThatCanBeFoundAgainInAJournalLine() throws {
    let message = SealMessage(fileName: "a b\"c.jsonl", events: 12, hash: String(repeating: "f", count: 64))
    #expect(
      message.line == "lifeline-transcript-seal v1 file=a-b-c.jsonl events=12 hash=\(String(repeating: "f", count: 64))"
    )
    #expect(message.signedText == message.line + "\n")
    let journal = "Dec 03 12:00:01 proxmox lifeline[812]: \(message.line)"
    #expect(SealMessage.find(in: journal) == message)
    #expect(
      SealMessage.find(in: "Dec 03 proxmox lifeline: lifeline-transcript-seal v1 file=x events=2 hash=abc") == nil)
  }

  @Test func aSealedRecordVerifiesAndNamesItsSigner() throws {
    let verification = Self.check(Self.sealedRecord().text)
    #expect(verification.verifies, "\(verification.problems)")
    #expect(verification.seals.map(\.state) == [.trusted(principal: "alice@example.org", key: "SHA256:alice")])
    #expect(verification.seals.first?.recorded.witnesses?.filter(\.logged).map(\.node) == ["pve1"])
  }

  @Test func anEditedLineFailsTheChainAndNamesTheSealItBreaks() throws {
    let record = Self.sealedRecord()
    let edited = record.text.replacingOccurrences(of: "Quorate: Yes", with: "Quorate: No!")
    let verification = Self.check(edited)
    #expect(!verification.verifies)
    let first = try #require(verification.problems.first)
    #expect(first.line == 3)
    #expect(first.text.contains("This breaks the seal at line \(record.lines.count) (signed by SHA256:alice"))
    #expect(verification.seals.first.map { if case .broken = $0.state { true } else { false } } == true)
  }

  @Test func aRewrittenAndRechainedRecordFailsTheSignature() throws {
    var events = TranscriptFixture.events
    events[4] = .note("nothing happened")
    // The forger recomputes every hash and copies the old signature onto the new end.
    let original = Self.sealedRecord()
    let oldSeal = try #require(RecordedSeal.all(in: original.text).last)
    var chain = TranscriptChain()
    var lines = events.map { chain.seal($0, epochMilliseconds: 1_700_000_000_000) }
    let message = SealMessage(fileName: Self.fileName, events: lines.count, hash: chain.head)
    lines.append(chain.seal(.seal(message, signature: oldSeal.signature!, witnesses: nil), epochMilliseconds: 0))
    let verification = Self.check(lines.map { $0 + "\n" }.joined())
    #expect(verification.chainIntact)
    #expect(
      verification.problems.map(\.text) == ["the seal at line 9's signature does not verify: the message was changed"])
  }

  @Test func aSealReSignedByAKeyTheSignersDoNotListFailsWithThatKey() {
    let verification = Self.check(Self.sealedRecord(key: "SHA256:mallory").text)
    #expect(verification.seals.map(\.state) == [.untrusted(key: "SHA256:mallory")])
    #expect(
      verification.problems.map(\.text) == [
        "the seal at line 9 is signed by SHA256:mallory, a key the allowed signers do not list: it was re-signed by someone else, or that key is missing from the file"
      ])
  }

  @Test func linesAfterTheLastSealOrARecordCutBeforeItFail() {
    let record = Self.sealedRecord()
    let appended = record.text + TranscriptFixture.sealed().lines[0] + "\n"
    // A line from another chain does not follow; the chain catches it before the seal check.
    #expect(!Self.check(appended).verifies)
    let cut = record.lines.dropLast(2).map { $0 + "\n" }.joined()
    let verification = Self.check(cut)
    #expect(verification.chainIntact)
    #expect(
      verification.problems.map(\.text) == [
        "the record has no seal: it was written before seals existed, or cut off before its first one"
      ])
    // Without signers to check, an unsealed record is an old one, and verifies as before.
    #expect(Self.check(cut, signatures: nil).verifies)
  }

  @Test func anUnsignedSealFailsOnlyWhenSignersAreChecked() {
    let unsigned = Self.sealedRecord(key: nil).text
    #expect(Self.check(unsigned, signatures: nil).verifies)
    #expect(Self.check(unsigned).problems.map(\.text) == ["the seal at line 9 is unsigned (no key)"])
  }

  @Test func aSealForAnotherFileNameIsBroken() {
    let verification = Self.check(Self.sealedRecord().text, fileName: "renamed.jsonl")
    #expect(verification.problems.first?.text.contains("it was made for the file") == true)
  }

  @Test func witnessesHoldTheLastSealLackItOrContradictTheFile() throws {
    let record = Self.sealedRecord()
    let seal = try #require(RecordedSeal.all(in: record.text).last?.message)
    func verdict(_ messages: [SealMessage]?, in text: String = record.text) -> JournalWitness.Verdict {
      JournalWitness(node: "pve1", messages: messages, detail: "connection refused").verdict(against: text)
    }
    #expect(verdict([seal]) == .holdsLastSeal)
    #expect(verdict([]) == .lacks)
    #expect(verdict(nil) == .unreadable("connection refused"))
    let cut = record.lines.prefix(5).map { $0 + "\n" }.joined()
    #expect(
      verdict([seal], in: cut)
        == .contradicts(
          "its journal records a seal of 8 events, but the file has only 5: lines were cut off the end"))
    var forged = seal
    forged.hash = String(repeating: "0", count: 64)
    guard case .contradicts(let reason) = verdict([forged]) else {
      Issue.record("a wrong hash must contradict the file")
      return
    }
    #expect(reason.contains("the record was rewritten"))
  }

  @Test func theNodesReachedAreThoseTheSessionConnectedTo() {
    let events: [TranscriptEvent] = [
      .sessionStart(TranscriptFixture.info),
      .connection(ConnectionEvent(node: "pve2", kind: .connected)),
      .connection(ConnectionEvent(node: "pve3", kind: .failed, detail: "refused")),
      .connection(ConnectionEvent(node: "pve1", kind: .reconnected)),
      .connection(ConnectionEvent(node: "pve2", kind: .closed)),
    ]
    #expect(ClusterWitness.nodesReached(in: TranscriptFixture.sealed(events).text) == ["pve2", "pve1"])
  }

  @Test func theInventoryChoosesTheKeyAndCanTurnTheWitnessOff() throws {
    let base = "cluster: c\nnodes:\n  pve1: {host: 10.0.0.1}\n"
    #expect(try InventoryLoader.load(text: base, file: "i.yaml").transcripts == TranscriptSettings())
    let chosen = try InventoryLoader.load(
      text: base + "transcripts: {signing_key: ~/.ssh/ops.pub, witness: false}\n", file: "i.yaml")
    #expect(chosen.transcripts == TranscriptSettings(signingKey: .file("~/.ssh/ops.pub"), witness: false))
    let off = try InventoryLoader.load(text: base + "transcripts: {signing_key: none}\n", file: "i.yaml")
    #expect(off.transcripts.signingKey == .none)
    #expect(throws: DiagnosticList.self) {
      try InventoryLoader.load(text: base + "transcripts: {witness: maybe}\n", file: "i.yaml")
    }
  }

  @Test func theReportSaysInItsFirstLinesWhoSealedTheRecordAndWhereItWasWitnessed() {
    func firstLines(_ text: String) -> String {
      ReportRenderer.markdown(transcript: text, fileName: Self.fileName, runbooks: []).split(separator: "\n")
        .prefix(8).joined(separator: "\n")
    }
    let sealed = firstLines(Self.sealedRecord().text)
    #expect(sealed.contains("The record verifies."), "\(sealed)")
    #expect(sealed.contains("**Sealed by SHA256:alice (SHA256:alice@laptop)** at line 9"), "\(sealed)")
    #expect(sealed.contains("Witnessed in the journals of pve1; not on pve2 (x)."), "\(sealed)")
    let unsigned = firstLines(Self.sealedRecord(key: nil).text)
    #expect(unsigned.contains("**Sealed but not signed** at line 9: no key."), "\(unsigned)")
    let cut = firstLines(Self.sealedRecord().lines.dropLast().map { $0 + "\n" }.joined())
    #expect(cut.contains("**Not sealed.**"), "\(cut)")
  }
}
