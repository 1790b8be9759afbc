extension ReportLayout {
  /// The box under the title that says whether the record can be trusted as it stands.
  var integrityNotice: ReportBlock {
    switch record.verification {
    case .intact(let events, let finalHash, let truncatedTail):
      var text: [ReportInline] = [
        .strong("The record verifies."),
        .text(" Its \(ReportFormat.count(events)) events form an unbroken hash chain ending in "), .code(finalHash),
        .text(". Compare that hash with the one printed when the session ended; see "),
        .link("Record integrity", to: "#record-integrity"), .text("."),
      ]
      if truncatedTail {
        text.append(
          .text(
            " The file ends in a partial line, cut off while it was written: that line is not part of the record."))
      }
      return .notice(.verified, text)
    case .broken(let line, let reason):
      return .notice(
        .warning,
        [
          .strong("This record does not verify."),
          .text(
            " Line \(line): \(text(reason)). Everything below is what the file says; from line \(line) on it may have been altered, removed or inserted. Do not rely on it without the original."
          ),
        ])
    }
  }

  var integritySection: [ReportBlock] {
    let quotedFile = ShellQuoting.quote(record.fileName)
    var facts = [ReportFact("Transcript", [.code(record.fileName)])]
    switch record.verification {
    case .intact(let events, let finalHash, _):
      facts.append(ReportFact("Chain", [.text("verifies: \(ReportFormat.counted(events, "event"))")]))
      facts.append(ReportFact("Final hash", [.code(finalHash)]))
    case .broken(let line, let reason):
      facts.append(ReportFact("Chain", [.strong("does not verify"), .text(" at line \(line): \(text(reason))")]))
    }
    if !record.unreadableLines.isEmpty {
      let lines = record.unreadableLines.prefix(10).map(String.init).joined(separator: ", ")
      facts.append(
        ReportFact(
          "Unreadable lines",
          [.text(lines + (record.unreadableLines.count > 10 ? ", …" : "") + " (left out of this report)")]))
    }
    return [
      .heading(level: 2, text: "Record integrity", anchor: "record-integrity"),
      .facts(facts),
      .paragraph([
        .text(
          "Each line of the transcript carries the SHA-256 hash of the line before it (\"prev\") and its own (\"hash\"), so changing, removing, inserting or reordering a line breaks the chain from there on. The chain cannot show that lines were cut off the end, or that the whole file was rewritten: the final hash, printed when the session ended and kept outside the file (the incident ticket), pins it."
        )
      ]),
      .paragraph([.text("To check the record, run this in the folder of the transcript; it prints the final hash:")]),
      .code("lifeline transcript verify \(quotedFile)", language: "sh"),
      .paragraph([
        .text(
          "Or by hand: a line's hash is the SHA-256 of the line without its \",\"hash\":\"…\" ending, closed with \"}\". For the last line:"
        )
      ]),
      .code(
        "tail -n 1 \(quotedFile) | sed 's/,\"hash\":\"[0-9a-f]*\"}$/}/' | tr -d '\\n' | sha256sum", language: "sh"),
      .paragraph([
        .text(
          "docs/transcripts.md has a script that checks every line this way, each \"prev\" against the line before.")
      ]),
    ]
  }
}
