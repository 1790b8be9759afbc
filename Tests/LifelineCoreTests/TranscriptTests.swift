import Foundation
import Testing

@testable import LifelineCore

enum TranscriptFixture {
  static let info = TranscriptEvent.SessionInfo(
    toolVersion: "1.0.0", operatorName: "alice", hostName: "laptop", cluster: "homelab", inventoryFile: "inv.yaml",
    runbook: "node-recovery", runbookFile: "Runbooks/node-recovery.yaml",
    runbookSHA256: String(repeating: "ab", count: 32),
    parameters: [("node", "pve2"), ("token", "‹redacted›")], mode: "run")

  static let invocation = StepInvocation(
    step: Step(
      id: "quorum", location: SourceLocation(file: "rb.yaml", line: 5, column: 9),
      action: .run(TemplateText(literal: "pvecm status", at: SourceLocation(file: "rb.yaml", line: 6, column: 10)))),
    attempt: 1, runs: [PlannedRun(target: .node("pve1"), command: "pvecm status")], timeout: .seconds(30),
    confirmation: nil)

  /// Events of a plausible session, with text that needs escaping.
  static let events: [TranscriptEvent] = [
    .sessionStart(info),
    .stepStart(invocation),
    .output(
      step: "quorum", node: "pve1", stream: .stdout, bytes: Array("Quorate: Yes\n\"quoted\" \\ tab\t é 🛟\n".utf8)),
    .output(step: "quorum", node: "pve1", stream: .stderr, bytes: [0xFF, 0xFE, 0x00]),
    .note("the operator checked the console\u{2028}by hand"),
    .flow(.skip, step: "fence", detail: "skipped"),
    .finding(Finding(severity: .warning, text: "[HA] no watchdog", stepID: "audit", target: .node("pve2"))),
    .sessionEnd(.succeeded, reason: "the runbook ended"),
  ]

  /// The transcript of `events` as it is written to disk, and the final hash.
  static func sealed(_ events: [TranscriptEvent] = events) -> (text: String, lines: [String], head: String) {
    var chain = TranscriptChain()
    let lines = events.enumerated().map { chain.seal($1, epochMilliseconds: 1_700_000_000_000 + Int64($0) * 1500) }
    return (lines.map { $0 + "\n" }.joined(), lines, chain.head)
  }

  /// The 1-based line of the byte at `offset` (the newline belongs to its line).
  static func line(ofByte offset: Int, in bytes: [UInt8]) -> Int {
    1 + bytes[..<offset].filter { $0 == 0x0A }.count
  }

  static func brokenLine(_ result: TranscriptVerifier.Result) -> Int? {
    if case .broken(let line, _) = result { return line }
    return nil
  }
}

@Suite struct TranscriptChainTests {
  @Test func aSealedLineIsItsEventFollowedByPrevAndHash() throws {
    var chain = TranscriptChain()
    #expect(chain.head == TranscriptChain.genesis && chain.nextSequence == 0)
    #expect(TranscriptChain.genesis == String(repeating: "0", count: 64))
    let line = chain.seal(.note("hello"), epochMilliseconds: 1_700_000_000_123)
    let prefix =
      #"{"seq":0,"ts":"2023-11-14T22:13:20.123Z","type":"note","text":"hello","prev":"\#(TranscriptChain.genesis)","hash":""#
    #expect(line.hasPrefix(prefix) && line.hasSuffix("\"}") && !line.contains("\n"))
    let body = String(line[..<line.range(of: ",\"hash\":")!.lowerBound]) + "}"
    #expect(SHA256.hex(body) == chain.head)
    #expect(line == String(body.dropLast()) + ",\"hash\":\"\(chain.head)\"}")
    let (unsealedBody, hash) = try #require(TranscriptChain.unseal(line[...]))
    #expect(unsealedBody == body && hash == chain.head)
    #expect(chain.nextSequence == 1)
    let second = chain.seal(.note("again"), epochMilliseconds: 0)
    #expect(second.hasPrefix(#"{"seq":1,"ts":"1970-01-01T00:00:00.000Z""#))
    #expect(second.contains(#""prev":"\#(SHA256.hex(body))""#))
  }

  @Test func aChainCanBeContinuedAfterAResume() {
    let (text, lines, _) = TranscriptFixture.sealed()
    let last = JSONValue.parse(lines.last!)!
    var resumed = TranscriptChain(
      continuingAfter: Int(last["seq"]!.intValue!), hash: last["hash"]!.stringValue!)
    #expect(resumed.nextSequence == lines.count)
    let appended = resumed.seal(
      .sessionResume(atStep: "quorum", previousEvents: lines.count, cluster: "homelab", inventoryFile: nil),
      epochMilliseconds: 0)
    let result = TranscriptVerifier.verify(text + appended + "\n")
    #expect(result == .intact(events: lines.count + 1, finalHash: resumed.head, truncatedTail: false))
  }

  @Test(arguments: [
    #"{"a":1,"hash":"}"#, #"{"hash":""}"#, "", "}", #""}"#, #"{"x":1}"#, #"{"x":1,"hash":"abc"}"#,
  ])
  func unsealRefusesLinesWithoutAHash(_ line: String) {
    #expect(TranscriptChain.unseal(line[...]) == nil)
  }
}

@Suite struct TranscriptVerifierTests {
  @Test func anUntouchedTranscriptIsIntact() {
    let (text, lines, head) = TranscriptFixture.sealed()
    #expect(TranscriptVerifier.verify(text) == .intact(events: lines.count, finalHash: head, truncatedTail: false))
  }

  @Test func everySingleByteChangeIsCaughtAtOrBeforeItsLine() {
    // Short events keep this exhaustive check fast; the full fixture is checked by the others.
    let (text, lines, head) = TranscriptFixture.sealed([
      .sessionStart(
        .init(
          toolVersion: "1", operatorName: "o", hostName: "h", cluster: "c", inventoryFile: nil, runbook: nil,
          runbookFile: nil, runbookSHA256: nil, parameters: [("p", "v")], mode: "run")),
      .output(step: "s", node: "pve1", stream: .stdout, bytes: Array("é \"q\"\n".utf8)),
      .note("n"), .flow(.skip, step: nil, detail: "d"),
    ])
    let bytes = Array(text.utf8)
    for offset in bytes.indices {
      // A flipped bit anywhere, and a line break anywhere (the one change that can split a line).
      for replacement in [bytes[offset] ^ 0x01, 0x0A] where replacement != bytes[offset] {
        var changed = bytes
        changed[offset] = replacement
        let result = TranscriptVerifier.verify(String(decoding: changed, as: UTF8.self))
        let line = TranscriptFixture.line(ofByte: offset, in: bytes)
        if offset == bytes.count - 1 {
          // The final newline changed: the last line now looks cut off. The record still says
          // where it ends (its final hash), and that no longer matches the pinned one.
          guard case .intact(let events, let finalHash, true) = result else {
            Issue.record("changing the final newline gave \(result)")
            continue
          }
          #expect(events == lines.count - 1 && finalHash != head)
          continue
        }
        guard let broken = TranscriptFixture.brokenLine(result) else {
          Issue.record("byte \(offset) (line \(line)) changed to \(replacement) went unnoticed: \(result)")
          continue
        }
        #expect(broken <= line, "byte \(offset) on line \(line) reported at line \(broken)")
      }
    }
  }

  @Test func removingAnyLineIsCaught() {
    let (_, lines, head) = TranscriptFixture.sealed()
    for index in lines.indices {
      var kept = lines
      kept.remove(at: index)
      let result = TranscriptVerifier.verify(kept.map { $0 + "\n" }.joined())
      if index == lines.count - 1 {
        // Only the pinned final hash can show that the last line is gone.
        guard case .intact(_, let finalHash, false) = result else {
          Issue.record("removing the last line gave \(result)")
          continue
        }
        #expect(finalHash != head)
      } else {
        #expect(TranscriptFixture.brokenLine(result) == index + 1, "removed line \(index + 1): \(result)")
      }
    }
  }

  @Test func swappingDuplicatingOrInsertingLinesIsCaught() {
    let (_, lines, _) = TranscriptFixture.sealed()
    func verify(_ lines: [String]) -> Int? {
      TranscriptFixture.brokenLine(TranscriptVerifier.verify(lines.map { $0 + "\n" }.joined()))
    }
    for index in 0..<lines.count - 1 {
      var swapped = lines
      swapped.swapAt(index, index + 1)
      #expect(verify(swapped) == index + 1, "swapped lines \(index + 1) and \(index + 2)")
    }
    for index in lines.indices {
      var duplicated = lines
      duplicated.insert(lines[index], at: index + 1)
      #expect(verify(duplicated) == index + 2, "duplicated line \(index + 1)")
    }
    for index in 1..<lines.count {
      // A forger who seals a line of their own, continuing the chain where they insert it,
      // still breaks the link to the line after it.
      let previous = JSONValue.parse(lines[index - 1])!
      var forger = TranscriptChain(
        continuingAfter: Int(previous["seq"]!.intValue!), hash: previous["hash"]!.stringValue!)
      var forged = lines
      forged.insert(forger.seal(.note("nothing happened"), epochMilliseconds: 0), at: index)
      let broken = verify(forged)
      #expect(broken != nil && broken! <= index + 2, "forged line inserted before line \(index + 1)")
      var garbage = lines
      garbage.insert("{\"seq\":1}", at: index)
      #expect(verify(garbage) == index + 1)
    }
  }

  @Test func aPartialLastLineIsATruncatedTailNotTampering() {
    let (text, lines, _) = TranscriptFixture.sealed()
    let complete = lines.dropLast().map { $0 + "\n" }.joined()
    let headBefore = TranscriptFixture.sealed(Array(TranscriptFixture.events.dropLast())).head
    let last = Array(lines.last!.utf8)
    for cut in 1...last.count {
      let partial = complete + String(decoding: last[..<cut], as: UTF8.self)
      #expect(
        TranscriptVerifier.verify(partial)
          == .intact(events: lines.count - 1, finalHash: headBefore, truncatedTail: true), "cut after \(cut) bytes")
    }
    #expect(TranscriptVerifier.verify(String(text.dropLast())) != TranscriptVerifier.verify(text))
  }

  @Test func emptyAndPartialFilesAreNotRecords() {
    #expect(TranscriptVerifier.verify("") == .broken(line: 1, reason: "the file is empty"))
    #expect(TranscriptVerifier.verify("{\"seq\":0") == .broken(line: 1, reason: "the file holds only a partial line"))
  }

  @Test func aRecordMustStartWithASessionStart() {
    let (text, _, _) = TranscriptFixture.sealed([.note("hi"), .note("there")])
    #expect(TranscriptVerifier.verify(text) == .broken(line: 1, reason: "line 1 is not a session.start event"))
  }

  @Test func aRecordWithItsBeginningCutOffIsCaught() {
    let (_, lines, _) = TranscriptFixture.sealed()
    let result = TranscriptVerifier.verify(lines.dropFirst(2).map { $0 + "\n" }.joined())
    #expect(
      result == .broken(line: 1, reason: "line 1 does not start a chain: the beginning of the record was removed"))
  }

  @Test func reasonsSayWhatWasFound() {
    let (_, lines, _) = TranscriptFixture.sealed()
    var altered = lines
    altered[2] = altered[2].replacingOccurrences(of: "Quorate: Yes", with: "Quorate: No!")
    #expect(
      TranscriptVerifier.verify(altered.map { $0 + "\n" }.joined())
        == .broken(line: 3, reason: "line 3 was altered: its content does not match its hash"))
    var removed = lines
    removed.remove(at: 3)
    #expect(
      TranscriptVerifier.verify(removed.map { $0 + "\n" }.joined())
        == .broken(line: 4, reason: "line 4 does not follow line 3: a line was removed, inserted or moved before it"))
    var garbage = lines
    garbage[1] = "not json"
    #expect(
      TranscriptVerifier.verify(garbage.map { $0 + "\n" }.joined())
        == .broken(line: 2, reason: "line 2 is not a sealed transcript event (altered or inserted)"))
  }

  @Test func aConsistentChainWithAWrongSequenceIsCaught() {
    var chain = TranscriptChain()
    let first = chain.seal(.sessionStart(TranscriptFixture.info), epochMilliseconds: 0)
    var skipping = TranscriptChain(continuingAfter: 5, hash: chain.head)
    let second = skipping.seal(.note("x"), epochMilliseconds: 0)
    #expect(
      TranscriptVerifier.verify(first + "\n" + second + "\n")
        == .broken(line: 2, reason: "line 2 has seq 6 where 1 was expected: lines were removed or reordered"))
  }
}

@Suite struct TranscriptEventTests {
  static func keys(_ event: TranscriptEvent) -> [String] { event.payload.map(\.0) }

  @Test func sessionStartNamesWhoWhereAndWhat() {
    let event = TranscriptEvent.sessionStart(TranscriptFixture.info)
    #expect(event.type == .sessionStart)
    #expect(
      Self.keys(event) == [
        "tool", "operator", "host", "cluster", "inventory", "runbook", "runbook_file", "runbook_sha256", "params",
        "mode",
      ])
    #expect(
      event["tool"] == "lifeline 1.0.0" && event["params"] == .object([("node", "pve2"), ("token", "‹redacted›")]))
    let bare = TranscriptEvent.sessionStart(
      .init(
        toolVersion: "1", operatorName: "o", hostName: "h", cluster: "c", inventoryFile: nil, runbook: nil,
        runbookFile: nil, runbookSHA256: nil, parameters: [], mode: "repl"))
    #expect(bare["runbook"] == .null && bare["inventory"] == .null && bare["params"] == .object([]))
  }

  @Test func outputKeepsTextOrExactBytes() {
    let text = TranscriptEvent.output(step: "s", node: "pve1", stream: .stderr, bytes: Array("é\n".utf8))
    #expect(text.type == .output && Self.keys(text) == ["step", "node", "stream", "text"])
    #expect(text["text"] == "é\n" && text["stream"] == "stderr")
    let binary = TranscriptEvent.output(step: nil, node: "local", stream: .stdout, bytes: [0xC3, 0x28, 0x00])
    #expect(binary["bytes"] == "wygA" && binary["step"] == .null)
    #expect(Data(base64Encoded: binary["bytes"]!.stringValue!) == Data([0xC3, 0x28, 0x00]))
  }

  @Test func stepEndRecordsResultsChecksCapturesAndWhy() {
    let results = [
      RunResult(
        target: .node("pve1"), command: "x", outcome: .exited(2), stdout: OutputTail("abc"),
        duration: .milliseconds(1250)),
      RunResult(target: .node("pve2"), command: "x", outcome: .signaled("KILL")),
      RunResult(target: .node("pve3"), command: "x", outcome: .failed(.timeout(.seconds(5)))),
    ]
    let decision = StepDecision(
      stepID: "s", attempt: 2, results: results, succeeded: false,
      checks: [CheckResult(target: .node("pve1"), condition: "exit 0", held: false, observed: "exit 2")],
      captures: [("v.pve1", "1"), ("v", "1")], findings: [], next: .step("rescue"), reason: "because")
    let event = TranscriptEvent.stepEnd(decision)
    #expect(Self.keys(event) == ["step", "attempt", "result", "runs", "checks", "captures", "next", "reason"])
    #expect(event["result"] == "failed" && event["attempt"] == 2 && event["next"] == "rescue")
    #expect(event["captures"] == .object([("v.pve1", "1"), ("v", "1")]))
    let runs = event["runs"]!.arrayValue!
    #expect(
      runs[0]
        == .object([
          ("node", "pve1"), ("command", "x"), ("exit", 2), ("duration_ms", 1250), ("stdout_bytes", 3),
          ("stderr_bytes", 0),
        ]))
    #expect(runs[1]["signal"] == "KILL")
    #expect(runs[2]["failure"] == "timeout after 5s")
    #expect(runs[2]["detail"] == "timeout after 5s; the remote command was stopped")
    #expect(
      event["checks"]
        == .array([.object([("node", "pve1"), ("check", "exit 0"), ("held", false), ("observed", "exit 2")])]))
  }

  @Test func confirmationsFindingsFlowsAndEnds() {
    let request = ConfirmationRequest(stepID: "d", prompt: "Type pve3", kind: .typeNodeName("pve3"))
    let confirm = TranscriptEvent.confirmation(request, reply: .unavailable("pass --confirm-node"), by: "flag")
    #expect(Self.keys(confirm) == ["step", "prompt", "answer", "by", "typed_node"])
    #expect(confirm["answer"] == "unanswered" && confirm["by"] == "flag")
    let plain = TranscriptEvent.confirmation(
      ConfirmationRequest(stepID: "d", prompt: "?", kind: .plain), reply: .declined, by: "operator")
    #expect(plain["typed_node"] == nil && plain["answer"] == "declined")
    let finding = TranscriptEvent.finding(Finding(severity: .info, text: "t", stepID: "s"))
    #expect(finding["node"] == .null && finding["severity"] == "info")
    #expect(TranscriptEvent.sessionEnd(.cancelled(stepID: "a"), reason: "ctrl-c")["exit_code"] == 130)
    #expect(TranscriptEvent.sessionEnd(nil, reason: "quit")["outcome"] == "ended")
    #expect(TranscriptEvent.flow(.goto, step: nil, detail: "x")["step"] == .null)
    let connection = TranscriptEvent.connection(ConnectionEvent(node: "pve1", kind: .lost))
    #expect(Self.keys(connection) == ["node", "event"])
  }

  @Test func eventsAreEqualByTypeAndPayloadInOrder() {
    #expect(TranscriptEvent.note("a") == TranscriptEvent.note("a"))
    #expect(TranscriptEvent.note("a") != TranscriptEvent.note("b"))
    let ab = TranscriptEvent(.note, [("a", 1), ("b", 2)])
    let ba = TranscriptEvent(.note, [("b", 2), ("a", 1)])
    #expect(ab != ba, "key order is part of what is sealed")
  }
}

@Suite struct RedactorTests {
  static let redactor = Redactor(secrets: ["hunter2", "s3cr3t-token-value", "ab"])

  @Test func secretValuesAreMaskedWhereverTheyAppear() {
    #expect(Self.redactor.redact("login with hunter2, then hunter2") == "login with ‹redacted›, then ‹redacted›")
    #expect(Self.redactor.redact("ab is too short to be a secret") == "ab is too short to be a secret")
  }

  @Test func theLongestSecretIsMaskedWhole() {
    let redactor = Redactor(secrets: ["abc", "abcdef"])
    #expect(redactor.redact("x abcdef y abc") == "x ‹redacted› y ‹redacted›")
  }

  @Test(arguments: [
    ("Authorization: PVEAPIToken=root@pam!lifeline=6f1c-44aa", "Authorization: PVEAPIToken=‹redacted›"),
    ("mysql -u root password=letmein", "mysql -u root password=‹redacted›"),
    ("PASSWD=letmein TOKEN=abc Secret=xyz", "PASSWD=‹redacted› TOKEN=‹redacted› Secret=‹redacted›"),
    ("GET /api?token=abc123&node=pve1", "GET /api?token=‹redacted›&node=pve1"),
    ("pvesh --password hunter3 x", "pvesh --password ‹redacted› x"),
    ("cmd --token=abc --secret def", "cmd --token=‹redacted› --secret ‹redacted›"),
    ("echo 'password=abc'", "echo 'password=‹redacted›'"),
    ("nothing to hide here", "nothing to hide here"),
    ("a=b --c d", "a=b --c d"),
  ])
  func credentialsLookalikesAreMasked(text: String, redacted: String) {
    #expect(Redactor(secrets: []).redact(text) == redacted)
  }

  @Test func outputBytesAreRedactedAsTextOrByteForByte() {
    let text = Array("password=abc and hunter2\n".utf8)
    #expect(String(decoding: Self.redactor.redact(text), as: UTF8.self) == "password=‹redacted› and ‹redacted›\n")
    let clean = Array("all good\n".utf8)
    #expect(Self.redactor.redact(clean) == clean)
    let binary: [UInt8] = [0xFF, 0x00] + Array("hunter2".utf8) + [0xFE]
    #expect(Self.redactor.redact(binary) == [0xFF, 0x00] + Array("‹redacted›".utf8) + [0xFE])
  }

  @Test func theValuesOfSecretParametersNeverReachTheRecord() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: "  - {id: login, on: pve1, run: \"curl -H {{ auth }} https://localhost:8006/api2/json\"}\n",
        header: "params:\n  auth: {secret: true, required: true}\n  node: {default: pve1}\n"))
    let values = try ParameterBinding.bind(["auth": "Bearer tok-123-secret"], to: runbook)
    let redactor = Redactor(secrets: runbook.parameters.filter(\.secret).compactMap { values[$0.name] })
    let engine = try CoreFixture.engine(runbook, parameters: values)
    guard case .command(let invocation) = try engine.prepare() else { return }
    let line = redactor.redact(TranscriptEvent.stepStart(invocation))
    #expect(
      line["runs"]?.arrayValue?.first?["command"] == "curl -H '‹redacted›' https://localhost:8006/api2/json")
    var chain = TranscriptChain()
    #expect(!chain.seal(line, epochMilliseconds: 0).contains("tok-123"))
  }

  @Test func eventsAreRedactedInEveryStringTheyHold() {
    let event = TranscriptEvent(
      .stepStart,
      [
        ("step", "login"), ("attempt", 1),
        ("runs", .array([.object([("node", "pve1"), ("command", "pvesh --password hunter2")])])),
        ("nested", .object([("k", .array(["x hunter2 y", .bool(true), .null]))])),
      ])
    let redacted = Self.redactor.redact(event)
    #expect(redacted["runs"]?.arrayValue?.first?["command"] == "pvesh --password ‹redacted›")
    #expect(redacted["attempt"] == 1 && redacted["step"] == "login")
    #expect(redacted["nested"] == .object([("k", .array(["x ‹redacted› y", .bool(true), .null]))]))
  }
}
