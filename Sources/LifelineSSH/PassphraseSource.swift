import Synchronization

/// Asks the operator's ``PassphraseProvider`` one question at a time and remembers the answers,
/// so a fan-out to many nodes that share a key asks once.
final class PassphraseSource: Sendable {
  private let provider: PassphraseProvider?
  private let answers = Mutex<[String: String]>([:])
  /// Held while the provider runs, so concurrent connections queue behind one question.
  private let asking = Mutex(())

  init(provider: PassphraseProvider?) {
    self.provider = provider
  }

  /// The passphrase for the key at `path`: remembered, or asked for now. It is remembered at
  /// once, so connections waiting for the same key do not ask again.
  func passphrase(for request: PassphraseRequest, keyPath path: String) -> String? {
    guard let provider else { return nil }
    return asking.withLock { _ in
      if let known = answers.withLock({ $0[path] }) { return known }
      let answer = provider(request)
      if let answer { answers.withLock { $0[path] = answer } }
      return answer
    }
  }

  /// Drops an answer that did not decrypt the key.
  func forget(keyPath path: String) {
    _ = answers.withLock { $0.removeValue(forKey: path) }
  }
}
