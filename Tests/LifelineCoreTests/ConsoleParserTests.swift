import LifelineCore
import Testing

@Suite("console: parsing command lines")
struct ConsoleParserTests {
  @Test(
    "every command parses to what it means",
    arguments: [
      ("help", ConsoleCommand.help(topic: nil)),
      ("? exec", .help(topic: "exec")),
      ("runbooks", .runbooks),
      ("load node-recovery", .load(reference: "node-recovery", parameters: [])),
      (
        "load ./drills/quorum.yaml node=pve2 healthy=pve1",
        .load(
          reference: "./drills/quorum.yaml",
          parameters: [
            ParameterAssignment(name: "node", value: "pve2"), ParameterAssignment(name: "healthy", value: "pve1"),
          ])
      ),
      ("show", .show),
      ("set node pve2", .set(name: "node", value: "pve2")),
      ("set token", .set(name: "token", value: nil)),
      ("set token=s3cr3t", .set(name: "token", value: "s3cr3t")),
      ("set note=a=b", .set(name: "note", value: "a=b")),
      ("set reason 'disk full'", .set(name: "reason", value: "disk full")),
      ("set reason disk is full", .set(name: "reason", value: "disk is full")),
      ("params", .params),
      ("nodes", .nodes(check: false)),
      ("nodes --check", .nodes(check: true)),
      ("run", .run),
      ("step", .step),
      ("next", .next),
      ("skip", .skip),
      ("goto check-network", .goto(step: "check-network")),
      ("retry", .retry),
      (
        "exec pve1 pvecm status | grep -i 'quorate'",
        .exec(node: "pve1", command: "pvecm status | grep -i 'quorate'", timeout: nil)
      ),
      (
        "exec --timeout 5m pve2 journalctl -n 5",
        .exec(node: "pve2", command: "journalctl -n 5", timeout: .seconds(300))
      ),
      ("exec --timeout=30s local true", .exec(node: "local", command: "true", timeout: .seconds(30))),
      ("note corosync link 1 flaps on pve2  ", .note("corosync link 1 flaps on pve2")),
      ("trust pve3", .trust(node: "pve3")),
      ("transcript", .transcript),
      ("resume Transcripts/a.jsonl", .resume(file: "Transcripts/a.jsonl")),
      ("quit", .quit),
      ("exit", .quit),
      ("  show  ", .show),
    ])
  func parses(line: String, command: ConsoleCommand) throws {
    #expect(try ConsoleParser.parse(line) == command)
  }

  @Test("blank lines and comments are no command", arguments: ["", "   ", "# a drill for pve2", "  # indented"])
  func blank(line: String) throws {
    #expect(try ConsoleParser.parse(line) == nil)
  }

  @Test(
    "mistakes say what is wrong and suggest the closest word",
    arguments: [
      ("lod node-recovery", "unknown command 'lod' (did you mean 'load'?); type help for the list"),
      ("florp", "unknown command 'florp'; type help for the list"),
      ("load", "load needs a runbook name or path; usage: load RUNBOOK [KEY=VALUE...]"),
      ("load drill pve2", "load takes parameters as KEY=VALUE, not 'pve2'; usage: load RUNBOOK [KEY=VALUE...]"),
      ("goto", "goto needs STEP; usage: goto STEP"),
      ("goto a b", "goto takes one argument; usage: goto STEP"),
      ("run drill", "run takes no arguments (to load a runbook: load NAME)"),
      ("nodes --chek", "nodes: unknown option '--chek' (did you mean '--check'?); it takes --check"),
      ("exec pve1", "exec needs a command to run on pve1; usage: exec [--timeout DURATION] NODE COMMAND..."),
      (
        "exec --timeout soon pve1 true",
        "exec --timeout takes a duration such as 30s, 5m or 1m30s, not 'soon'; usage: exec [--timeout DURATION] NODE COMMAND..."
      ),
      (
        "exec --tiemout 5m pve1 true",
        "exec: unknown option '--tiemout' (did you mean '--timeout'?); it takes --timeout"
      ),
      ("note", "note needs TEXT; usage: note TEXT..."),
      ("set", "set needs a parameter name; usage: set KEY [VALUE...]"),
      ("note 'unfinished", "unterminated quote: a ' opened at column 6 is never closed"),
    ])
  func mistakes(line: String, message: String) {
    #expect(throws: ConsoleParseError(message)) { try ConsoleParser.parse(line) }
  }

  @Test("quotes and backslashes make one word; the rest of an exec line stays as typed")
  func quoting() throws {
    let tokens = try ConsoleTokenizer.tokens(in: #"load "my runbook.yaml" a\ b 'c "d"' "e \"f\"""#)
    #expect(tokens.map(\.text) == ["load", "my runbook.yaml", "a b", #"c "d""#, #"e "f""#])
    #expect(tokens.map(\.isQuoted) == [false, true, false, true, true])
    #expect(
      try ConsoleParser.parse(#"exec pve1 echo "a  b" \$HOME"#)
        == .exec(node: "pve1", command: #"echo "a  b" \$HOME"#, timeout: nil))
  }
}
