import Foundation

/// An ed25519 key pair made with ssh-keygen.
public struct SSHKeyPair: Sendable, Hashable {
  public var privateKeyFile: String
  /// `ssh-ed25519 AAAA… comment`, as in authorized_keys.
  public var publicKey: String
  /// `SHA256:…`, as `ssh-keygen -l` prints it.
  public var fingerprint: String

  /// Generates a key at `path` (and `path.pub`), encrypted when `passphrase` is given.
  public static func generate(at path: String, comment: String, passphrase: String? = nil) throws -> SSHKeyPair {
    try FixtureTool.run(
      "/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase ?? "", "-C", comment, "-f", path])
    let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let listing = try FixtureTool.run("/usr/bin/ssh-keygen", ["-l", "-f", path + ".pub"])
    let fields = listing.split(separator: " ")
    guard fields.count > 1 else { throw SSHFixtureError("unexpected ssh-keygen -l output: \(listing)") }
    return SSHKeyPair(privateKeyFile: path, publicKey: publicKey, fingerprint: String(fields[1]))
  }

  /// The key without its comment: `ssh-ed25519 AAAA…`, as known_hosts lists host keys.
  public var publicKeyWithoutComment: String {
    publicKey.split(separator: " ").prefix(2).joined(separator: " ")
  }
}
