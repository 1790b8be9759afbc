import Foundation
import Testing

@testable import LifelineCore

/// Quoting by context, proven by the shells themselves: each template is rendered with hostile
/// values and run by `/bin/sh` (dash on Debian) and `bash`; the value must arrive byte for byte
/// and nothing else may run.
@Suite struct ShellContextTests {
  static let here = SourceLocation(file: "rb.yaml", line: 4, column: 10)

  static func context(_ text: String) -> ShellContext? {
    TemplateText.parse(text, at: here).0.expressions.first?.shellContext
  }

  @Test(arguments: [
    ("echo {{ a }}", ShellContext.unquoted),
    ("echo '{{ a }}'", .singleQuoted),
    ("echo 'x{{ a }}y'", .singleQuoted),
    ("echo \"{{ a }}\"", .doubleQuoted),
    ("echo \"$(cat {{ a }})\"", .unquoted),
    ("echo \"$(cat \"{{ a }}\")\"", .doubleQuoted),
    ("echo `cat {{ a }}`", .unquoted),
    ("echo \\'{{ a }}", .unquoted),
    ("echo \"it's\" {{ a }}", .unquoted),
    ("echo 'say \"hi\"' {{ a }}", .unquoted),
    ("echo \"a\\\"b {{ a }}\"", .doubleQuoted),
    ("echo ok # {{ a }}", .comment),
    ("echo ok#{{ a }}", .unquoted),
    ("echo $((1 + {{ a }}))", .arithmetic),
    ("cat <<<{{ a }}", .unquoted),
    ("cat <<EOF >{{ a }}\nbody\nEOF", .unquoted),
    ("cat <<EOF\nbody\nEOF\necho {{ a }}", .unquoted),
    ("cat <<'EOF'\nEOF\necho {{ a }}", .unquoted),
    (
      "cat <<EOF\n{{ a }}\nEOF",
      .heredoc(HeredocBody(delimiter: "EOF", expands: true, stripsTabs: false, textBefore: "", textAfter: ""))
    ),
    (
      "cat <<'END'\nx {{ a }}\nEND",
      .heredoc(HeredocBody(delimiter: "END", expands: false, stripsTabs: false, textBefore: "x ", textAfter: ""))
    ),
    (
      "cat <<\\E\n{{ a }} y\nE",
      .heredoc(HeredocBody(delimiter: "E", expands: false, stripsTabs: false, textBefore: "", textAfter: " y"))
    ),
    (
      "cat <<-\"E\"\n\t{{ a }}\n\tE",
      .heredoc(HeredocBody(delimiter: "E", expands: false, stripsTabs: true, textBefore: "\t", textAfter: ""))
    ),
    (
      "cat <<A <<B\na\nA\n{{ a }}\nB",
      .heredoc(HeredocBody(delimiter: "B", expands: true, stripsTabs: false, textBefore: "", textAfter: ""))
    ),
    ("cat <<EOF\n$(echo {{ a }})\nEOF", .unquoted),
  ])
  func contextsAreRecognised(text: String, context: ShellContext) {
    let (_, problems) = TemplateText.parse(text, at: Self.here)
    #expect(problems.isEmpty)
    #expect(Self.context(text) == context)
  }

  @Test(arguments: [
    "echo $'{{ a }}'",
    "echo ${X:-{{ a }}}",
    "echo \"${X:-{{ a }}}\"",
    "echo \"`cat {{ a }}`\"",
    "echo `echo \\`cat {{ a }}\\``",
  ])
  func contextsWithoutSafeQuotingAreUnsupported(text: String) {
    guard case .unsupported = Self.context(text) else {
      Issue.record("\(text) gets \(String(describing: Self.context(text)))")
      return
    }
  }

  @Test func aPlaceholderAsAHeredocDelimiterIsAMistake() {
    let (_, problems) = TemplateText.parse("cat <<{{ a }}\nx\n", at: Self.here)
    #expect(problems.map(\.message) == ["a placeholder cannot name a here-document's delimiter"])
    #expect(problems.first?.location.column == 16)
  }

  // MARK: Run by real shells

  /// A template per context; `expected` is what it prints for a value.
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var template: String
    var expected: @Sendable (String) -> String
    /// Values this context must refuse; every other value must arrive intact.
    var refuses: @Sendable (String) -> Bool = { _ in false }
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "unquoted", template: "printf '%s' {{ v }}", expected: { $0 }),
    Case(name: "double quotes", template: "printf '%s' \"<{{ v }}>\"", expected: { "<\($0)>" }),
    Case(name: "single quotes", template: "printf '%s' '<{{ v }}>'", expected: { "<\($0)>" }),
    Case(
      name: "double quotes inside $( ) inside double quotes",
      template: "x=\"$(printf '%s.' \"<{{ v }}>\")\"; printf '%s' \"${x%.}\"", expected: { "<\($0)>" }),
    Case(
      name: "backquotes", template: "x=`printf '%s.' {{ v }}`; printf '%s' \"${x%.}\"", expected: { $0 }),
    Case(
      name: "single quotes inside backquotes", template: "x=`printf '%s.' '<{{ v }}>'`; printf '%s' \"${x%.}\"",
      expected: { "<\($0)>" }),
    Case(
      name: "expanding here-document", template: "cat <<EOF\n<{{ v }}>\nEOF", expected: { "<\($0)>\n" },
      refuses: { $0.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast().contains("EOF") }),
    Case(
      name: "here-document line of its own", template: "cat <<EOF\n{{ v }}\nEOF", expected: { "\($0)\n" },
      refuses: { $0.split(separator: "\n", omittingEmptySubsequences: false).contains("EOF") }),
    Case(
      name: "quoted here-document", template: "cat <<'EOF'\n{{ v }}\nEOF", expected: { "\($0)\n" },
      refuses: { $0.split(separator: "\n", omittingEmptySubsequences: false).contains("EOF") }),
    Case(
      name: "tab-stripping here-document", template: "cat <<-EOF\n\t{{ v }}\n\tEOF",
      expected: { value in
        // <<- strips the leading tabs of every line of the body, the value's lines too.
        value.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.drop { $0 == "\t" }) }
          .joined(separator: "\n") + "\n"
      },
      refuses: { value in
        value.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.drop { $0 == "\t" } == "EOF" }
      }),
    Case(
      name: "comment", template: "printf '%s' ok # {{ v }}", expected: { _ in "ok" },
      refuses: { $0.contains("\n") }),
    Case(
      name: "arithmetic", template: "printf '%s' $((0 + {{ v }}))", expected: { $0 },
      refuses: { _ in true }),
  ]

  static let canary = NSTemporaryDirectory() + "lifeline-canary-\(getpid())"

  /// Values that try each way out of each context; each would create the canary if it ran.
  static let hostileValues: [String] = [
    "", "plain", "two words", "-n", "--", "*", "~", "é🛟",
    "$(touch \(canary))", "`touch \(canary)`", "${IFS}", "$HOME", "$((1+1))",
    "'", "\"", "\\", "\\\\", "\\\"", "it's", "a\"b", "a\\", "x\\\ny",
    "'$(touch \(canary))'", "\"$(touch \(canary))\"", "\"; touch \(canary); \"", "'; touch \(canary); '",
    "`", "\\`touch \(canary)\\`", "!!", "!x", "\\!", "\n", "line1\nline2\n", "\t\ttab",
    "EOF", "x\nEOF\ntouch \(canary)\n", "\nEOF", "EOF\n", "\tEOF\ntouch \(canary)", "\nEOF\ntouch \(canary)",
    "}}", "{{ v }}", "#", "a;b|c&d>e<f", ")", "$(", "\"$(\"",
  ]

  static func run(shell: String, _ command: String) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: shell)
    process.arguments = ["-c", command]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
  }

  @Test(arguments: cases)
  func hostileValuesArriveIntactAndRunNothing(_ scenario: Case) throws {
    let (template, problems) = TemplateText.parse(scenario.template, at: Self.here)
    #expect(problems.isEmpty)
    for value in Self.hostileValues + ["7", "-12", "0"] {
      let scope = TemplateScope(variables: ["v": value], inventory: CoreFixture.inventory)
      let command: String
      do {
        command = try scope.render(template, mode: .shell)
      } catch {
        let refusedAsExpected = scenario.refuses(value) || (scenario.name == "arithmetic" && Int(value) == nil)
        #expect(refusedAsExpected, "\(value.debugDescription) was refused: \(error)")
        #expect(error.location == template.expressions.first?.location)
        continue
      }
      #expect(!scenario.refuses(value) || scenario.name == "arithmetic", "\(value.debugDescription) was not refused")
      for shell in ["/bin/sh", "/bin/bash"] {
        let output = try Self.run(shell: shell, command)
        #expect(
          output == Data(scenario.expected(value).utf8),
          "\(shell): \(value.debugDescription) rendered as \(command.debugDescription) printed \(String(decoding: output, as: UTF8.self).debugDescription)"
        )
        #expect(
          !FileManager.default.fileExists(atPath: Self.canary), "\(shell) ran code from \(value.debugDescription)")
        try? FileManager.default.removeItem(atPath: Self.canary)
      }
    }
  }

  @Test func aOneMegabyteOneLineTemplateParsesInOnePass() {
    // 1 MiB on one line: a placeholder every 16 characters, inside and outside quotes.
    let piece = "echo \"{{ a }}\" ; "
    let text = String(repeating: piece, count: 1 << 20 / piece.utf8.count)
    let (template, problems) = TemplateText.parse(text, at: Self.here)
    #expect(problems.isEmpty)
    #expect(template.expressions.count == 1 << 20 / piece.utf8.count)
    #expect(template.expressions.allSatisfy { $0.shellContext == .doubleQuoted })
    #expect(template.expressions.last?.location.column == Self.here.column + text.utf8.count - piece.utf8.count + 6)
  }
}

/// What `check` says about the placeholders of commands.
@Suite struct CommandQuotingCheckTests {
  static func problems(_ run: String, on target: String = "local") -> [String] {
    let text = CoreFixture.text(
      steps: """
          - id: a
            on: \(target)
            run: \(run)
        """, header: "params:\n  v: A value\n")
    return RunbookLoader.check(text: text, file: CoreFixture.file).map {
      "\($0.location.line):\($0.location.column): \($0.severity.rawValue): \($0.message)"
    }
  }

  @Test func placeholdersInsideQuotesAreAccepted() {
    #expect(Self.problems("echo \"token is {{ v }}\"", on: "pve1").isEmpty)
    #expect(Self.problems("echo 'token is {{ v }}'", on: "pve1").isEmpty)
  }

  @Test func aContextWithoutSafeQuotingIsALocatedError() {
    #expect(
      Self.problems("echo ${X:-{{ v }}}", on: "pve1") == [
        "8:20: error: '{{ v }}' cannot be quoted safely: it stands inside ${…}, where quoting rules differ between shells; assign it to a variable first"
      ])
  }

  @Test func rawInALocalStepIsWarnedAbout() {
    #expect(
      Self.problems("echo {{ v | raw }}") == [
        "8:15: warning: '{{ v | raw }}' runs as shell code on the operator's machine"
      ])
    #expect(Self.problems("echo {{ v | raw }}", on: "pve1").isEmpty)
  }

  @Test func aValueAsFirstArgumentIsWarnedAboutUnlessOptionsEnded() {
    #expect(
      Self.problems("rm {{ v }}", on: "pve1") == [
        "8:13: warning: '{{ v }}' is the first argument of a command: a value starting with '-' would be read as an option"
      ])
    #expect(Self.problems("rm \"{{ v }}\"", on: "pve1").count == 1)
    #expect(Self.problems("rm -- {{ v }}", on: "pve1").isEmpty)
    #expect(Self.problems("rm -f {{ v }}", on: "pve1").isEmpty, "only the first argument is warned about")
    #expect(Self.problems("rm x{{ v }}", on: "pve1").isEmpty, "the value does not begin the word")
    #expect(Self.problems("case {{ v }} in x) ;; esac", on: "pve1").isEmpty)
    #expect(Self.problems("if test {{ v }} = x; then :; fi", on: "pve1").isEmpty)
    #expect(Self.problems("ping -c 1 {{ target | host }}", on: "pve1").isEmpty)
    #expect(Self.problems("cat {{ nodes.pve1.host }}", on: "pve1").isEmpty, "inventory values cannot start with '-'")
  }
}
