import Testing

@testable import LifelineCore

/// Reads one word the way a POSIX shell does, for the quoting that ``ShellQuoting`` produces:
/// unquoted characters, single-quoted runs and backslash escapes. Nil when the text is more
/// than one word or would be interpreted (an unquoted `;`, `$`, space…).
func shellWord(_ text: String) -> String? {
  var word = ""
  var iterator = text.unicodeScalars.makeIterator()
  let special = Set(" \t\n;&|<>()$`\\\"'*?[#~=%".unicodeScalars).subtracting(["=", "%"])
  while let scalar = iterator.next() {
    switch scalar {
    case "'":
      var closed = false
      while let inner = iterator.next() {
        if inner == "'" {
          closed = true
          break
        }
        word.unicodeScalars.append(inner)
      }
      if !closed { return nil }
    case "\\":
      guard let escaped = iterator.next() else { return nil }
      word.unicodeScalars.append(escaped)
    default:
      if special.contains(scalar) { return nil }
      word.unicodeScalars.append(scalar)
    }
  }
  return word
}

@Suite struct ShellQuotingTests {
  @Test(arguments: [
    ("pve1", "pve1"),
    ("10.0.0.1", "10.0.0.1"),
    ("root@pam:/etc/pve,x+y=z%", "root@pam:/etc/pve,x+y=z%"),
    ("", "''"),
    ("two words", "'two words'"),
    ("a;reboot", "'a;reboot'"),
    ("$(rm -rf /)", "'$(rm -rf /)'"),
    ("`id`", "'`id`'"),
    ("it's", "'it'\\''s'"),
    ("\"double\"", "'\"double\"'"),
    ("line1\nline2", "'line1\nline2'"),
    ("*", "'*'"),
    ("~root", "'~root'"),
    ("a&&b|c>d", "'a&&b|c>d'"),
    ("é", "'é'"),
    ("-rf", "-rf"),
  ])
  func valuesBecomeOneLiteralWord(value: String, quoted: String) {
    #expect(ShellQuoting.quote(value) == quoted)
    #expect(shellWord(quoted) == value, "the shell reads back exactly the value")
  }

  @Test func randomValuesSurviveQuoting() {
    var generator = SeededGenerator(seed: 7)
    let alphabet = Array("ab'\"$`\\;|&()<> \n\t*?[]{}~#!%=+:,./-_@é🛟".unicodeScalars)
    for _ in 0..<2000 {
      var value = ""
      for _ in 0..<Int.random(in: 0...12, using: &generator) {
        value.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
      }
      let quoted = ShellQuoting.quote(value)
      #expect(shellWord(quoted) == value, "\(value.debugDescription) quoted as \(quoted.debugDescription)")
    }
  }
}

@Suite struct TemplateParsingTests {
  static let here = SourceLocation(file: "rb.yaml", line: 3, column: 10)

  static func parse(_ text: String) -> (TemplateText, [Diagnostic]) {
    TemplateText.parse(text, at: here)
  }

  @Test func literalsAndExpressionsAlternate() {
    let (template, problems) = Self.parse("ping -c 1 {{node|host}} && echo {{ cluster }}!")
    #expect(problems.isEmpty)
    #expect(template.segments.count == 5)
    #expect(template.segments.first == .literal("ping -c 1 "))
    #expect(template.segments.last == .literal("!"))
    let expressions = template.expressions
    #expect(expressions.map(\.path) == [["node"], ["cluster"]])
    #expect(expressions.map(\.filters) == [[.host], []])
    #expect(expressions.map(\.location.column) == [20, 42])
    #expect(!template.isLiteral)
    #expect(template.description == "ping -c 1 {{node|host}} && echo {{ cluster }}!")
  }

  @Test func pathsAndFilterChains() {
    let (template, problems) = Self.parse("{{ nodes.pve-1.host }} {{ x | raw }} {{ n | host | raw }}")
    #expect(problems.isEmpty)
    #expect(template.expressions.map(\.path) == [["nodes", "pve-1", "host"], ["x"], ["n"]])
    #expect(template.expressions.map(\.root) == ["nodes", "x", "n"])
    #expect(template.expressions.map(\.isRaw) == [false, true, true])
  }

  @Test func aLiteralTemplateHasNoExpressions() {
    let template = TemplateText(literal: "uptime", at: Self.here)
    #expect(template.isLiteral && template.segments == [.literal("uptime")])
    #expect(Self.parse("no placeholders } { here").0.isLiteral)
  }

  @Test(arguments: [
    ("echo '{{ a }}'", true),
    ("echo \"{{ a }}\"", true),
    ("echo \"$(cat {{ a }})\"", false),
    ("echo {{ a }}", false),
    ("echo '' {{ a }}", false),
    ("echo \\'{{ a }}", false),
    ("echo \"it's\" {{ a }}", false),
    ("echo 'say \"hi\"' {{ a }}", false),
    ("echo \"a\\\"b {{ a }}\"", true),
    ("echo 'x' \"y\" '{{ a }}", true),
  ])
  func placeholdersInsideShellQuotesAreNoticed(text: String, inside: Bool) {
    let (template, problems) = Self.parse(text)
    #expect(problems.isEmpty)
    #expect(template.expressions.first?.insideShellQuotes == inside)
  }

  @Test(arguments: [
    ("echo {{ a", "3:15: '{{' is never closed"),
    ("echo {{}}", "3:15: empty placeholder '{{}}'"),
    ("x {{ a b }}", "3:12: 'a b' is not a variable name"),
    ("x {{ .a }}", "3:12: '.a' is not a variable name"),
    ("x {{ 1a }}", "3:12: '1a' is not a variable name"),
    ("x {{ a | hots }}", "3:12: unknown filter 'hots' (did you mean 'host'?)"),
    ("x {{ a | }}", "3:12: unknown filter ''"),
    ("x {{ a | shout }}", "3:12: unknown filter 'shout' (did you mean 'host'?)"),
  ])
  func mistakesInPlaceholdersAreLocated(text: String, expected: String) {
    let (_, problems) = Self.parse(text)
    #expect(problems.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [expected])
  }

  @Test func aPlaceholderOnALaterLineOfABlockIsLocatedAtTheBlock() {
    let (template, problems) = Self.parse("first line\nsecond {{ a }} {{ b")
    #expect(template.expressions.first?.location == Self.here)
    #expect(problems.first?.location == Self.here)
  }

  @Test(arguments: ["a", "_a", "a-b", "a_1", "node2", "étape", "Node"])
  func identifiers(_ text: String) {
    #expect(TemplateParser.isIdentifier(text))
  }

  @Test(arguments: ["", "1a", "-a", "a.b", "a b", "a!", "a/b", "🛟"])
  func notIdentifiers(_ text: String) {
    #expect(!TemplateParser.isIdentifier(text))
  }
}

@Suite struct TemplateRenderingTests {
  static let scope = TemplateScope(
    variables: [
      "node": "pve2", "note": "it's $(reboot); `id`\nnext", "empty": "", "plain": "pve3",
      "fragment": "| grep -c x", "votes.pve1": "3", "nul": "a\u{0}b", "ghost": "pve9",
    ], inventory: CoreFixture.inventory)

  static func render(_ text: String, mode: TemplateScope.Mode = .shell, target: String? = nil) throws -> String {
    var scope = Self.scope
    scope.target = target
    let (template, problems) = TemplateText.parse(text, at: SourceLocation(file: "rb.yaml", line: 7, column: 5))
    #expect(problems.isEmpty)
    return try scope.render(template, mode: mode)
  }

  @Test func shellModeQuotesEverySubstitutedValue() throws {
    #expect(try Self.render("echo {{ note }}") == "echo 'it'\\''s $(reboot); `id`\nnext'")
    #expect(try Self.render("test -n {{ empty }}") == "test -n ''")
    #expect(try Self.render("ssh {{ plain }}") == "ssh pve3", "safe values stay readable")
    #expect(shellWord(String(try Self.render("{{ note }}"))) == "it's $(reboot); `id`\nnext")
  }

  @Test func plainModeSubstitutesValuesAsTheyAre() throws {
    #expect(try Self.render("Note: {{ note }}", mode: .plain) == "Note: it's $(reboot); `id`\nnext")
    #expect(try Self.render("[{{ empty }}]", mode: .plain) == "[]")
  }

  @Test func rawIsInsertedUnquoted() throws {
    #expect(try Self.render("cat f {{ fragment | raw }}") == "cat f | grep -c x")
  }

  @Test func aNulByteIsRefusedInCommandsRawOrNot() {
    for text in ["echo {{ nul }}", "echo {{ nul | raw }}"] {
      #expect {
        try Self.render(text)
      } throws: { error in
        let error = error as? TemplateError
        return error?.message == "'nul' holds a NUL byte, which no shell command can carry"
          && error?.location == SourceLocation(file: "rb.yaml", line: 7, column: 10)
      }
    }
    #expect(throws: Never.self) { try Self.render("{{ nul }}", mode: .plain) }
  }

  @Test func inventoryFactsAndFilters() throws {
    #expect(try Self.render("{{ node | host }}") == "10.0.0.2")
    #expect(try Self.render("{{ node | port }}") == "2222")
    #expect(try Self.render("{{ node | user }}") == "admin")
    #expect(try Self.render("{{ plain | port }}") == "22", "defaults fill what a node leaves out")
    #expect(try Self.render("{{ nodes.pve1.host }}:{{ nodes.pve2.port }}") == "10.0.0.1:2222")
    #expect(try Self.render("{{ nodes.pve2.user }}") == "admin")
    #expect(try Self.render("{{ cluster }}") == "homelab")
    #expect(try Self.render("{{ votes.pve1 }}") == "3", "fan-out captures are looked up by their full name")
  }

  @Test func targetIsTheNodeTheStepRunsOn() throws {
    #expect(try Self.render("uptime on {{ target }}", target: "pve1") == "uptime on pve1")
    #expect(throws: TemplateError.self) { try Self.render("{{ target }}") }
  }

  @Test(arguments: [
    ("{{ ghost | host }}", "'pve9' is not a node of the inventory (did you mean 'pve1'?)"),
    ("{{ nodes.pve22.host }}", "'pve22' is not a node of the inventory (did you mean 'pve2'?)"),
    ("{{ nodes.pve1.mac }}", "nodes have host, port and user, not 'mac'"),
    ("{{ missing }}", "'missing' has no value yet"),
    ("{{ target }}", "'target' is only set while a step runs on a node"),
  ])
  func valuesThatCannotBeFoundSayWhy(text: String, message: String) {
    #expect {
      try Self.render(text)
    } throws: { error in
      let error = error as? TemplateError
      return error?.message == message && error?.location == SourceLocation(file: "rb.yaml", line: 7, column: 5)
        && error?.description == "rb.yaml:7:5: \(message)"
    }
  }
}
