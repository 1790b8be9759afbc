import LifelineCore
import Testing

@Suite("console: Tab completion")
struct ConsoleCompletionTests {
  let context = ConsoleCompletionContext(
    runbooks: ["node-recovery", "node-drain", "quorum-check"], nodes: ["pve1", "pve2", "pve3"],
    steps: ["check-network", "check-quorum", "restart-corosync"], parameters: ["node", "healthy", "token"],
    parameterValues: ["node": ["pve1", "pve2", "pve3"], "healthy": ["pve2", "pve1", "pve2", "pve3"]],
    files: { typed in ["Transcripts/", "Transcripts/a.jsonl", "./drills/"].filter { $0.hasPrefix(typed) } },
    runbookParameters: { $0 == "node-recovery" ? ["node", "healthy"] : [] })

  @Test(
    "each argument completes from its kind",
    arguments: [
      (
        "", "",
        [
          "exec", "exit", "goto", "help", "load", "next", "nodes", "note", "params", "quit", "resume", "retry", "run",
          "runbooks", "set", "show", "skip", "step", "transcript", "trust",
        ]
      ),
      ("ru", "ru", ["run", "runbooks"]),
      ("no", "no", ["nodes", "note"]),
      ("load ", "", ["node-drain", "node-recovery", "quorum-check"]),
      ("load node-r", "node-r", ["node-recovery"]),
      ("load ./d", "./d", ["./drills/"]),
      ("load node-recovery ", "", ["healthy=", "node="]),
      ("load node-recovery node=pve", "node=pve", ["node=pve1", "node=pve2", "node=pve3"]),
      ("load node-recovery node=pve2 he", "he", ["healthy="]),
      ("goto check-", "check-", ["check-network", "check-quorum"]),
      ("set ", "", ["healthy", "node", "token"]),
      ("set healthy ", "", ["pve1", "pve2", "pve3"]),
      ("set token ", "", []),
      ("exec ", "", ["local", "pve1", "pve2", "pve3"]),
      ("exec --timeout 5m pve", "pve", ["pve1", "pve2", "pve3"]),
      ("exec --timeout ", "", []),
      ("exec --t", "--t", ["--timeout"]),
      ("exec pve1 syst", "syst", []),
      ("trust ", "", ["pve1", "pve2", "pve3"]),
      ("nodes -", "-", ["--check"]),
      ("help tr", "tr", ["transcript", "trust"]),
      ("resume Transcripts/", "Transcripts/", ["Transcripts/", "Transcripts/a.jsonl"]),
      ("note som", "som", []),
      ("run ", "", []),
      ("florp ", "", []),
      ("goto 'check", "'check", []),
    ])
  func completes(line: String, word: String, candidates: [String]) {
    let result = ConsoleCompletion.complete(line, in: context)
    #expect(result.word == word)
    #expect(result.candidates == candidates)
  }
}
