import CLibSSH
import Foundation
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

  /// How the key compares with what the node's known_hosts file records for its host and
  /// port, by OpenSSH's rules (``KnownHostsRules``). A missing file knows no key.
  static func status(of session: SSHSession, knownHostsFile: String, node: InventoryNode) throws(ExecutionFailure)
    -> HostKeyStatus
  {
    var key: ssh_key?
    guard ssh_get_server_publickey(session.handle, &key) == SSH_OK, let key else {
      throw .other("the server offered no host key: \(session.lastError)")
    }
    defer { ssh_key_free(key) }
    var base64: UnsafeMutablePointer<CChar>?
    guard ssh_pki_export_pubkey_base64(key, &base64) == SSH_OK, let base64,
      let blob = Data(base64Encoded: String(cString: base64))
    else { throw .other("could not read the server's host key") }
    ssh_string_free_char(base64)
    guard FileManager.default.fileExists(atPath: knownHostsFile) else { return .unknown }
    guard let text = try? String(contentsOfFile: knownHostsFile, encoding: .utf8) else {
      throw .other("could not read \(knownHostsFile) to check the host key")
    }
    return KnownHostsRules(text: text).status(of: [UInt8](blob), host: node.host.lowercased(), port: node.port)
  }
}
