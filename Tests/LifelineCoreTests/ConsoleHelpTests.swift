import LifelineCore
import Testing

@Suite("console: help")
struct ConsoleHelpTests {
  @Test("help lists every command by group, with its usage")
  func overview() {
    let text = ConsoleHelp.overview
    for spec in ConsoleCommandTable.commands {
      #expect(text.contains(spec.usage + " "), "missing \(spec.name)")
    }
    #expect(text.hasPrefix("Runbooks:\n  runbooks"))
    #expect(text.contains("Ctrl-D or quit ends the session"))
  }

  @Test("help COMMAND explains one; a misspelt one gets a suggestion")
  func command() throws {
    let exec = try ConsoleHelp.command("exec")
    #expect(exec.hasPrefix("usage: exec [--timeout DURATION] NODE COMMAND...\n\nRun a command on a node (asks first)."))
    #expect(exec.hasSuffix("It asks for confirmation before it changes anything."))
    #expect(try ConsoleHelp.command("exit").contains("usage: quit"))
    #expect(throws: ConsoleParseError("no command 'tarnscript' (did you mean 'transcript'?); type help for the list")) {
      try ConsoleHelp.command("tarnscript")
    }
  }

  @Test("every command in the table parses, and names are unique")
  func table() {
    let names = ConsoleCommandTable.allNames
    #expect(Set(names).count == names.count)
    for spec in ConsoleCommandTable.commands where spec.arguments.allSatisfy(\.optional) && spec.options.isEmpty {
      #expect((try? ConsoleParser.parse(spec.name)) != nil, "\(spec.name) does not parse")
    }
  }
}
