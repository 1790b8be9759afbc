import Foundation

/// Makes ed25519 key pairs with ssh-keygen.
enum KeyGenerator {
  static let program = "/usr/bin/ssh-keygen"

  static func generate(_ path: String, comment: String) throws {
    unlink(path)
    unlink(path + ".pub")
    let result = try Subprocess.run(program, ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path])
    guard result.succeeded else { throw LabError.cannotRun(program, result.output) }
  }

  /// `SHA256:…`, as `ssh-keygen -lf` shows a key's fingerprint.
  static func fingerprint(_ path: String) throws -> String {
    let result = try Subprocess.run(program, ["-lf", path + ".pub"])
    guard result.succeeded, let word = result.output.split(separator: " ").first(where: { $0.hasPrefix("SHA256:") })
    else { throw LabError.cannotRun(program, result.output) }
    return String(word)
  }

  /// The `type base64` part of a public key file.
  static func publicKey(_ path: String) throws -> String {
    let text = try String(contentsOfFile: path + ".pub", encoding: .utf8)
    return text.split(separator: " ").prefix(2).joined(separator: " ")
  }
}
