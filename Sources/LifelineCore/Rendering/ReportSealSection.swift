extension ReportLayout {
  /// The box under the integrity notice: who sealed the record, whether the seal holds, and
  /// in which nodes' journals it was witnessed. The report cannot ask ssh-keygen or the
  /// nodes, so it states what the seal claims and names the commands that check it.
  var sealNotice: ReportBlock {
    let check: [ReportInline] = [
      .text(" Check the signer with "),
      .code("lifeline transcript verify \(ShellQuoting.quote(record.fileName)) --signers allowed_signers --witness"),
      .text(" (see "), .link("Record integrity", to: "#record-integrity"), .text(")."),
    ]
    guard let last = record.seals.seals.last else {
      return .notice(
        .warning,
        [
          .strong("Not sealed."),
          .text(
            " The record carries no signed seal: it was written before seals existed, or cut off before its session could seal it. Only the chain and the final hash vouch for it."
          ),
        ])
    }
    var said: [ReportInline]
    var kind = ReportNotice.verified
    switch last.state {
    case .notChecked(let key, _):
      said = [
        .strong("Sealed by \(signer(key, last))"), .text(" at line \(last.recorded.line), over every line before it."),
      ]
    case .trusted(let principal, let key):
      said = [.strong("Sealed by \(text(principal))"), .text(" (\(key)) at line \(last.recorded.line).")]
    case .unsigned(let reason):
      kind = .warning
      said = [.strong("Sealed but not signed"), .text(" at line \(last.recorded.line): \(text(reason)).")]
    case .untrusted(let key):
      kind = .warning
      said = [.strong("Sealed by a key the allowed signers do not list:"), .text(" \(key).")]
    case .invalid(let reason), .broken(let reason):
      kind = .warning
      said = [.strong("The seal at line \(last.recorded.line) does not hold:"), .text(" \(text(reason)).")]
    }
    if last.recorded.line < record.seals.lines {
      kind = .warning
      said.append(
        .text(" Lines \(last.recorded.line + 1)–\(record.seals.lines) come after the seal and are not sealed."))
    }
    said.append(.text(" " + witnessed(last.recorded.witnesses)))
    return .notice(kind, said + check)
  }

  /// `SHA256:… (alice@laptop)`, as the seal names its key.
  private func signer(_ key: String, _ seal: RecordVerification.Seal) -> String {
    guard case .signed(_, _, let comment?) = seal.recorded.signature else { return key }
    return "\(key) (\(text(comment)))"
  }

  private func witnessed(_ witnesses: [WitnessEntry]?) -> String {
    guard let witnesses else { return "It was not witnessed on the cluster (turned off, or sealed on resume)." }
    let logged = witnesses.filter(\.logged).map(\.node)
    let missed = witnesses.filter { !$0.logged }
    var sentence =
      logged.isEmpty
      ? "No node's journal witnessed it"
      : "Witnessed in the journals of \(logged.map(text).joined(separator: ", "))"
    if !missed.isEmpty {
      sentence +=
        "; not on " + missed.map { "\(text($0.node)) (\(text($0.detail ?? "no answer")))" }.joined(separator: ", ")
    }
    return sentence + "."
  }
}
