import CLibSSH
import LifelineCore

/// The host key a connected server offered, as `ssh-keygen -l` shows it.
struct ServerHostKey {
  /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, …
  var type: String
  /// `SHA256:` and the unpadded base64 of the key's SHA-256.
  var fingerprint: String

  init(of session: SSHSession) throws(ExecutionFailure) {
    var key: ssh_key?
    guard ssh_get_server_publickey(session.handle, &key) == SSH_OK, let key else {
      throw .other("the server offered no host key: \(session.lastError)")
    }
    defer { ssh_key_free(key) }
    type = String(cString: ssh_key_type_to_char(ssh_key_type(key)))

    var hash: UnsafeMutablePointer<UInt8>?
    var length = 0
    guard ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == SSH_OK, let digest = hash else {
      throw .other("could not hash the server's host key: \(session.lastError)")
    }
    defer { ssh_clean_pubkey_hash(&hash) }
    guard let text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, digest, length) else {
      throw .other("could not format the server's host key fingerprint")
    }
    defer { ssh_string_free_char(text) }
    fingerprint = String(cString: text)
  }

  /// How the key compares with what the session's known_hosts file records for this host.
  static func status(of session: SSHSession, knownHostsFile: String) throws(ExecutionFailure) -> HostKeyStatus {
    switch ssh_session_is_known_server(session.handle) {
    case SSH_KNOWN_HOSTS_OK: return .known
    case SSH_KNOWN_HOSTS_UNKNOWN, SSH_KNOWN_HOSTS_NOT_FOUND: return .unknown
    // OTHER: the file has a key of another type for this host, which is just as suspicious.
    case SSH_KNOWN_HOSTS_CHANGED, SSH_KNOWN_HOSTS_OTHER: return .changed
    default: throw .other("could not check the host key against \(knownHostsFile): \(session.lastError)")
    }
  }
}
