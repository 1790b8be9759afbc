import Testing

/// `logger` on a lab node writes into that node's simulated journal, where `journalctl -t`
/// finds it, as the seal's witness needs on a real node.
@Suite struct LoggerJournalTests {
  @Test func aLoggedLineIsInTheNodesJournalUnderItsTagAndNowhereElse() throws {
    try LabFixture.with { fixture in
      _ = try fixture.run("proxmox2", "logger -t lifeline -- 'lifeline-transcript-seal v1 file=a.jsonl'")
      let tagged = try fixture.run("proxmox2", "journalctl -t lifeline --no-pager")
      #expect(tagged.hasSuffix(" proxmox2 lifeline: lifeline-transcript-seal v1 file=a.jsonl\n"), "\(tagged)")
      #expect(tagged.split(separator: "\n").count == 1, "\(tagged)")
      #expect(!tagged.contains("corosync"), "journalctl -t shows only its tag: \(tagged)")
      #expect(try fixture.run("proxmox", "journalctl -t lifeline --no-pager") == "-- No entries --\n")
    }
  }
}
