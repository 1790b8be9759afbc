/// The whole check of a record: its hash chain, and each seal against the lines before it and,
/// when a ``SignatureVerifying`` is given, against the allowed signers.
///
/// The chain proves that no line was changed, removed or inserted; a seal proves who closed
/// the record and that nothing was rewritten up to it. Lines after the last seal are covered
/// by the chain only, so with signers to check they fail the record: they were appended after
/// the seal, or the session was cut off before it could seal.
public struct RecordVerification: Sendable {
  public enum SealState: Sendable, Hashable {
    case trusted(principal: String, key: String)
    /// Signed; nobody was asked whether the key is trusted (no allowed signers given).
    case notChecked(key: String, comment: String?)
    case unsigned(String)
    case untrusted(key: String)
    case invalid(String)
    /// The seal does not seal the record as it stands before it.
    case broken(String)
  }

  public struct Seal: Sendable, Hashable {
    public var recorded: RecordedSeal
    public var state: SealState
  }

  /// Something that makes the record fail, with the line it concerns.
  public struct Problem: Sendable, Hashable {
    public var line: Int?
    public var text: String
  }

  public var chain: TranscriptVerifier.Result
  /// The complete lines of the file.
  public var lines: Int
  public var seals: [Seal]
  public var problems: [Problem]

  public var verifies: Bool { problems.isEmpty }

  public var chainIntact: Bool {
    if case .intact = chain { return true }
    return false
  }

  /// Checks `contents`, the transcript called `fileName`. Without `signatures`, signatures are
  /// not checked and a record need not be sealed (records written before seals existed).
  public static func check(_ contents: String, fileName: String, signatures: (any SignatureVerifying)?)
    -> RecordVerification
  {
    let chain = TranscriptVerifier.verify(contents)
    var lines = contents.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).count - 1
    if case .intact(let events, _, _) = chain { lines = events }
    let recorded = RecordedSeal.all(in: contents).filter { $0.line <= lines }
    var problems: [Problem] = []
    var seals: [Seal] = []
    var brokenAt: Int?
    if case .broken(let line, let reason) = chain {
      brokenAt = line
      let breaks = recorded.first { $0.line >= line }.map { " This breaks the seal at line \($0.line)\(signer($0))." }
      problems.append(Problem(line: line, text: reason + (breaks ?? "")))
    }
    for seal in recorded {
      let state: SealState
      if let brokenAt, seal.line >= brokenAt {
        state = .broken("line \(brokenAt), which it covers, does not verify")
      } else {
        state = check(seal, fileName: fileName, signatures: signatures)
      }
      seals.append(Seal(recorded: seal, state: state))
      if let problem = problem(for: seal, state: state, checkingSignatures: signatures != nil) {
        problems.append(problem)
      }
    }
    if signatures != nil, brokenAt == nil {
      if let last = recorded.last {
        if last.line < lines {
          problems.append(
            Problem(
              line: last.line + 1,
              text:
                "lines \(last.line + 1)–\(lines) come after the last seal (line \(last.line)) and are not sealed: they were appended after it, or the session was cut off before it could seal"
            ))
        }
      } else {
        problems.append(
          Problem(
            line: nil,
            text: "the record has no seal: it was written before seals existed, or cut off before its first one"))
      }
    }
    return RecordVerification(chain: chain, lines: lines, seals: seals, problems: problems)
  }

  private static func check(_ seal: RecordedSeal, fileName: String, signatures: (any SignatureVerifying)?) -> SealState
  {
    guard let message = seal.message, let text = seal.messageLine else {
      return .broken("its message is not a seal message")
    }
    guard message.events == seal.line - 1, message.hash == seal.previousHash else {
      return .broken(
        "it seals \(message.events) events ending in \(message.hash), but \(seal.line - 1) lines ending in \(seal.previousHash ?? "nothing") come before it"
      )
    }
    guard message.file == SealMessage.label(fileName) else {
      return .broken(
        "it was made for the file \(message.file), not \(SealMessage.label(fileName)): the file was renamed, or the record is another one"
      )
    }
    switch seal.signature {
    case nil: return .broken("it has neither a signature nor a reason why it has none")
    case .unsigned(let reason): return .unsigned(reason)
    case .signed(let body, let key, let comment):
      guard let signatures else { return .notChecked(key: key, comment: comment) }
      switch signatures.verify(text + "\n", signature: SSHSignatureArmor.armor(body)) {
      case .trusted(let principal, let key): return .trusted(principal: principal, key: key)
      case .untrusted(let key): return .untrusted(key: key)
      case .invalid(let reason): return .invalid(reason)
      }
    }
  }

  private static func problem(for seal: RecordedSeal, state: SealState, checkingSignatures: Bool) -> Problem? {
    let at = "the seal at line \(seal.line)"
    switch state {
    case .trusted, .notChecked: return nil
    case .unsigned(let reason):
      return checkingSignatures ? Problem(line: seal.line, text: "\(at) is unsigned (\(reason))") : nil
    case .untrusted(let key):
      return Problem(
        line: seal.line,
        text:
          "\(at) is signed by \(key), a key the allowed signers do not list: it was re-signed by someone else, or that key is missing from the file"
      )
    case .invalid(let reason):
      return Problem(line: seal.line, text: "\(at)'s signature does not verify: \(reason)")
    case .broken(let reason):
      return Problem(line: seal.line, text: "\(at) is broken: \(reason)")
    }
  }

  /// ` (signed by SHA256:… alice@laptop)`, as the seal claims it.
  static func signer(_ seal: RecordedSeal) -> String {
    guard case .signed(_, let key, let comment) = seal.signature else { return "" }
    return " (signed by \(key)\(comment.map { " \($0)" } ?? ""))"
  }
}
