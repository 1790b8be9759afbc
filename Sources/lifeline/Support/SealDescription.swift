import LifelineCore

/// How `transcript verify` names a seal and its signer.
enum SealDescription {
  static func line(_ seal: RecordVerification.Seal) -> String {
    let at = "seal at line \(seal.recorded.line)"
    switch seal.state {
    case .trusted(let principal, let key): return "\(at): signed by \(principal) (\(key))"
    case .notChecked(let key, let comment):
      return "\(at): signed by \(key)\(comment.map { " (\($0))" } ?? "") — give --signers to check who that is"
    case .unsigned(let reason): return "\(at): unsigned (\(reason))"
    case .untrusted(let key): return "\(at): signed by \(key), NOT an allowed signer"
    case .invalid(let reason): return "\(at): BAD signature (\(reason))"
    case .broken(let reason): return "\(at): BROKEN (\(reason))"
    }
  }
}
