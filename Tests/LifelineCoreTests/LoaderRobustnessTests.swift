import Foundation
import Testing

@testable import LifelineCore

/// A small deterministic generator (SplitMix64), so every fuzz run sees the same inputs and a
/// failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

enum LoaderRobustness {
  static let corpusDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Corpus")

  static func corpusFiles() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)) ?? []
    return names.sorted()
  }

  static func corpusText(_ name: String) throws -> String {
    let data = try Data(contentsOf: corpusDirectory.appendingPathComponent(name))
    // As the CLI reads a file: bytes that are not UTF-8 become U+FFFD.
    return String(decoding: data, as: UTF8.self)
  }

  /// The property every input must have: `load` either returns a runbook with steps, or throws
  /// exactly the errors `check` reports, each located inside the file.
  static func expectRunbookOrLocatedDiagnostics(
    _ text: String, _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let diagnostics = RunbookLoader.check(text: text, file: "fuzz.yaml")
    let lines = text.unicodeScalars.reduce(1) { $0 + ($1 == "\n" || $1 == "\r" ? 1 : 0) }
    for diagnostic in diagnostics {
      let location = diagnostic.location
      // libyaml places "unexpected end of input" on the line after the last one.
      guard location.file == "fuzz.yaml", (1...lines + 1).contains(location.line), location.column >= 1,
        !diagnostic.message.isEmpty
      else {
        Issue.record("\(label): badly located diagnostic \(diagnostic)", sourceLocation: sourceLocation)
        return
      }
    }
    do {
      let runbook = try RunbookLoader.load(text: text, file: "fuzz.yaml")
      if diagnostics.contains(where: { $0.severity == .error }) || runbook.steps.isEmpty {
        Issue.record("\(label): loaded although check reports errors", sourceLocation: sourceLocation)
      }
    } catch {
      if error.errors.isEmpty || error.diagnostics != diagnostics {
        Issue.record("\(label): load and check disagree", sourceLocation: sourceLocation)
      }
    }
  }

  static func randomBytes(count: Int, using generator: inout SeededGenerator) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }

  /// Pieces that YAML and runbooks give meaning to, for inputs that get past the first line.
  static let tokens = [
    "- ", ": ", "? ", "[", "]", "{", "}", ",", "\n", "  ", "    ", "'", "\"", "&a ", "*a", "!!str ", "|", ">-",
    "# c", "---\n", "...\n", "id", "run", "on", "ask", "choices", "next", "expect", "exit", "stdout", "capture",
    "cases", "when", "steps", "finally", "name", "title", "params", "local", "all", "end", "abort", "{{", "}}",
    " | raw", " | host", "node", "nodes.pve1.host", "(\\d+)", "(", "\\", "\t", "é", "🛟", "\u{0}", "\u{202E}",
    "0", "256", "-1", "5s", "500ms", "true", "~", "%", "@", "`",
  ]

  static func tokenSoup(count: Int, using generator: inout SeededGenerator) -> String {
    (0..<count).map { _ in tokens.randomElement(using: &generator)! }.joined()
  }

  static func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
    var bytes = Array(text.utf8)
    for _ in 0..<Int.random(in: 1...4, using: &generator) {
      let position = Int.random(in: 0..<max(1, bytes.count), using: &generator)
      switch Int.random(in: 0..<6, using: &generator) {
      case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &generator)
      case 1 where !bytes.isEmpty: bytes.remove(at: position)
      case 2:
        bytes.insert(contentsOf: tokens.randomElement(using: &generator)!.utf8, at: min(position, bytes.count))
      case 3 where !bytes.isEmpty:
        let end = min(bytes.count, position + Int.random(in: 1...40, using: &generator))
        bytes.insert(contentsOf: bytes[position..<end], at: end)
      case 4:
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 2 {
          let a = Int.random(in: 0..<lines.count, using: &generator)
          let b = Int.random(in: 0..<lines.count, using: &generator)
          lines.swapAt(a, b)
        }
        bytes = Array(lines.joined(separator: "\n").utf8)
      default:
        bytes.insert(UInt8(ascii: " "), at: min(position, bytes.count))
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

@Suite(.timeLimit(.minutes(10))) struct LoaderRobustnessTests {
  @Test(arguments: LoaderRobustness.corpusFiles())
  func everyCorpusFileGivesARunbookOrLocatedDiagnostics(_ name: String) throws {
    let text = try LoaderRobustness.corpusText(name)
    LoaderRobustness.expectRunbookOrLocatedDiagnostics(text, name)
  }

  @Test func theCorpusIsThere() {
    #expect(LoaderRobustness.corpusFiles().count >= 30, "Corpus/ holds the nasty inputs")
  }

  @Test(arguments: ["unicode-valid.yaml", "crlf-valid.yaml", "block-scalars.yaml"])
  func unusualButValidFilesLoad(_ name: String) throws {
    let runbook = try RunbookLoader.load(text: LoaderRobustness.corpusText(name), file: name)
    #expect(runbook.steps.count == 1)
  }

  @Test func unicodeSurvivesLoadingUnchanged() throws {
    let runbook = try RunbookLoader.load(text: LoaderRobustness.corpusText("unicode-valid.yaml"), file: "u.yaml")
    #expect(runbook.name == "démo-ñ")
    #expect(runbook.title == "Récupération 🛟 \u{202E}evil\u{202C} שלום")
    #expect(runbook.steps[0].id == "étape-1")
    #expect(runbook.steps[0].title == "zero\u{200B}width and e\u{301} combining")
    #expect(runbook.steps[0].command?.source == "echo ✓ {{ cluster }} 漢字")
  }

  @Test(arguments: [
    ("empty.yaml", "1:1: the file is empty"),
    ("bom-only.yaml", "1:1: the file is empty"),
    ("whitespace-only.yaml", "3:1: invalid YAML: found character that cannot start any token"),
    ("deep-brackets.yaml", "1:65: nesting deeper than 64 levels"),
    ("deep-braces.yaml", "1:260: nesting deeper than 64 levels"),
    ("deep-indent.yaml", "130:258: nesting deeper than 64 levels"),
    ("billion-laughs.yaml", "3:5: YAML anchors ('&name') and aliases ('*name') are not supported"),
    ("billion-laughs-key.yaml", "1:5: YAML anchors ('&name') and aliases ('*name') are not supported"),
    ("merge-key.yaml", "1:7: YAML anchors ('&name') and aliases ('*name') are not supported"),
    ("alias-undefined.yaml", "2:8: invalid YAML: found undefined alias"),
    ("deeper-dashes.yaml", "1:1999: invalid YAML: Maximum nesting level reached, set with yaml_set_max_nest_level())"),
    ("nul-bytes.yaml", "1:1: cannot read the file: control characters are not allowed"),
  ])
  func hostileFilesGetTheirOwnDiagnostic(name: String, expected: String) throws {
    let diagnostics = RunbookLoader.check(text: try LoaderRobustness.corpusText(name), file: name)
    let lines = diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    #expect(lines.first == expected, "got \(lines)")
  }

  @Test func aFileOverFourMiBIsRefusedBeforeParsing() {
    let text = "# " + String(repeating: "x", count: 4 * 1024 * 1024)
    #expect(CoreFixture.problems(text) == ["1:1: file is larger than 4 MiB"])
  }

  // A long runbook loads whole, with every reference and capture resolved. (How fast is a
  // benchmark's question, not a test's: the suite's time limit only guards against a hang.)
  @Test func aLargeRunbookUnderTheLimitStillLoads() throws {
    var text = "name: big\ntitle: Big\nsteps:\n"
    let count = 3_000
    for index in 0..<count {
      text += "  - {id: s\(index), on: local, run: \"echo {{ last }}\", next: s\(index + 1)}\n"
    }
    text += "  - {id: s\(count), on: local, run: done, capture: {last: '(\\d+)'}}\n"
    let runbook = try RunbookLoader.load(text: text, file: "big.yaml")
    #expect(runbook.steps.count == count + 1)
    #expect(runbook.steps.last?.captures.map(\.name) == ["last"])
  }

  @Test func anAmpersandInsideTextIsNoAnchor() throws {
    let runbook = try CoreFixture.runbook(
      CoreFixture.text(
        steps: """
            - id: a
              on: local
              run: make && make install 2>&1 | tee log & wait
          """))
    #expect(runbook.steps[0].command?.source == "make && make install 2>&1 | tee log & wait")
  }

  @Test func randomBytesNeverCrash() {
    var generator = SeededGenerator(seed: 1)
    for round in 0..<200 {
      let bytes = LoaderRobustness.randomBytes(count: Int.random(in: 0...600, using: &generator), using: &generator)
      LoaderRobustness.expectRunbookOrLocatedDiagnostics(
        String(decoding: bytes, as: UTF8.self), "random bytes #\(round)")
    }
  }

  @Test func randomYAMLTokensNeverCrash() {
    var generator = SeededGenerator(seed: 2)
    for round in 0..<300 {
      let text = LoaderRobustness.tokenSoup(count: Int.random(in: 1...120, using: &generator), using: &generator)
      LoaderRobustness.expectRunbookOrLocatedDiagnostics(text, "token soup #\(round)")
    }
  }

  @Test func mutatedValidRunbooksNeverCrash() {
    var generator = SeededGenerator(seed: 3)
    let valid = RunbookLoaderFieldTests.everyField
    var loaded = 0
    for round in 0..<300 {
      let text = LoaderRobustness.mutate(valid, using: &generator)
      LoaderRobustness.expectRunbookOrLocatedDiagnostics(text, "mutation #\(round)")
      if (try? RunbookLoader.load(text: text, file: "m.yaml")) != nil { loaded += 1 }
    }
    // Some mutations (an extra space, a swapped comment) leave the runbook valid; most do not.
    #expect(loaded > 0 && loaded < 300)
  }

  @Test func everyTruncationOfAValidRunbookIsHandled() {
    let valid = Array(RunbookLoaderFieldTests.everyField.utf8)
    for length in stride(from: 0, through: valid.count, by: 3) {
      LoaderRobustness.expectRunbookOrLocatedDiagnostics(
        String(decoding: valid[..<length], as: UTF8.self), "truncated to \(length) bytes")
    }
  }

  @Test func theInventoryLoaderSurvivesTheCorpusToo() throws {
    for name in LoaderRobustness.corpusFiles() {
      let text = try LoaderRobustness.corpusText(name)
      do {
        _ = try InventoryLoader.load(text: text, file: name)
      } catch {
        #expect(!error.errors.isEmpty, "\(name)")
        #expect(error.diagnostics.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 }, "\(name)")
      }
    }
  }

  @Test func theAnchorScanFindsOnlyAnchors() {
    #expect(YAMLDocument.firstAnchor(in: "a: &x 1") != nil)
    #expect(YAMLDocument.firstAnchor(in: "[&x 1]")! == (1, 2))
    #expect(YAMLDocument.firstAnchor(in: "a: 1\n- &list-item x")! == (2, 3))
    #expect(YAMLDocument.firstAnchor(in: "run: a && b") == nil)
    #expect(YAMLDocument.firstAnchor(in: "run: cmd 2>&1 &>/dev/null & wait") == nil)
    #expect(YAMLDocument.firstAnchor(in: "url: https://x/?a=1&b=2") == nil)
  }
}
