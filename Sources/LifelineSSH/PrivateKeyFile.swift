import CLibSSH
import Glibc

/// Reads the inventory's private key, asking for a passphrase only when the key is encrypted.
enum PrivateKeyFile {
  enum Loaded {
    case key(ssh_key)
    case missing
    case encryptedWithoutPassphrase
    case wrongPassphrase
    case unreadable(String)
  }

  static func load(_ path: String, for request: PassphraseRequest, passphrases: PassphraseSource) -> Loaded {
    guard access(path, F_OK) == 0 else { return .missing }
    let exchange = PassphraseExchange { passphrases.passphrase(for: request, keyPath: path) }
    var key: ssh_key?
    // Without a callback, libssh lets OpenSSL prompt on the terminal for an encrypted PEM key;
    // with one, the question always comes to us.
    let result = withExtendedLifetime(exchange) {
      ssh_pki_import_privkey_file(
        path, nil,
        { _, buffer, length, _, _, userdata in
          guard let buffer, let userdata else { return SSH_ERROR }
          let exchange = Unmanaged<PassphraseExchange>.fromOpaque(userdata).takeUnretainedValue()
          return exchange.answer(into: buffer, capacity: length) ? SSH_OK : SSH_ERROR
        }, Unmanaged.passUnretained(exchange).toOpaque(), &key)
    }
    let openError = errno
    if result == SSH_OK, let key { return .key(key) }
    switch (exchange.wasAsked, exchange.gaveAnswer) {
    case (true, false): return .encryptedWithoutPassphrase
    case (true, true):
      passphrases.forget(keyPath: path)
      return .wrongPassphrase
    default:
      if result == SSH_EOF { return .unreadable(String(cString: strerror(openError))) }
      return .unreadable("not a private key that libssh can read")
    }
  }
}

/// Hands libssh a passphrase from inside its C callback, and records whether it asked.
private final class PassphraseExchange {
  private let supply: () -> String?
  private(set) var wasAsked = false
  private(set) var gaveAnswer = false

  init(supply: @escaping () -> String?) {
    self.supply = supply
  }

  /// Copies the passphrase, NUL-terminated, into libssh's buffer; false when there is none or
  /// it does not fit.
  func answer(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Bool {
    wasAsked = true
    guard let passphrase = supply() else { return false }
    gaveAnswer = true
    let bytes = Array(passphrase.utf8CString)
    guard bytes.count <= capacity else { return false }
    bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: bytes.count) }
    return true
  }
}
