/// Checks a seal's signature: OpenSSH's `ssh-keygen -Y` against an `allowed_signers` file in
/// the `lifeline` command, a fake in tests.
public protocol SignatureVerifying: Sendable {
  /// Whether `signature` (armored SSHSIG) signs `message` in the ``SealMessage/namespace``,
  /// and by whom.
  func verify(_ message: String, signature: String) -> SignatureCheck
}

public enum SignatureCheck: Sendable, Hashable {
  /// A good signature by a key the allowed signers list, for `principal`.
  case trusted(principal: String, key: String)
  /// The signing key is not one the allowed signers list (whether or not the signature is
  /// good): somebody else signed it.
  case untrusted(key: String)
  /// The signature does not verify: the message or the signature was changed.
  case invalid(String)
}
