/// How a seal was signed, or why it was not.
public enum SealSignature: Sendable, Hashable {
  /// `body` is the SSHSIG's base64 (see ``SSHSignatureArmor``); the key is named by its
  /// fingerprint (`SHA256:…`) and comment, as the signer's side saw it.
  case signed(body: String, key: String, comment: String?)
  /// No key could sign, and why: the session says so once, and the report shows it.
  case unsigned(String)
}
