import Foundation
import LifelineCore

/// Checks seal signatures with `ssh-keygen -Y` against an OpenSSH `allowed_signers` file
/// (ssh-keygen(1), "ALLOWED SIGNERS"): `find-principals` names whom the file lists for the
/// signing key, `verify` checks the signature as that principal, and `check-novalidate`
/// names the key of a signature the file does not list.
public struct AllowedSignersVerifier: SignatureVerifying {
  public var allowedSigners: String
  public var keygen: String

  public init(allowedSigners: String, keygen: String = "/usr/bin/ssh-keygen") {
    self.allowedSigners = allowedSigners
    self.keygen = keygen
  }

  public func verify(_ message: String, signature: String) -> SignatureCheck {
    let scratch: ScratchDirectory
    do {
      scratch = try ScratchDirectory()
    } catch {
      return .invalid(error.description)
    }
    defer { scratch.remove() }
    let messageFile = scratch.path + "/seal"
    let signatureFile = scratch.path + "/seal.sig"
    do {
      try TextFile.write(message, to: messageFile)
      try TextFile.write(signature, to: signatureFile)
    } catch {
      return .invalid(error.description)
    }
    let namespace = SealMessage.namespace
    let found = ToolProcess.run(keygen, ["-Y", "find-principals", "-s", signatureFile, "-f", allowedSigners])
    guard found.succeeded, let principal = found.stdout.split(separator: "\n").first.map(String.init) else {
      let anyKey = ToolProcess.run(
        keygen, ["-Y", "check-novalidate", "-n", namespace, "-s", signatureFile], input: messageFile)
      guard anyKey.succeeded else { return .invalid(anyKey.complaint) }
      return .untrusted(key: Self.key(in: anyKey.stdout + anyKey.stderr) ?? "an unknown key")
    }
    let checked = ToolProcess.run(
      keygen, ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", namespace, "-s", signatureFile],
      input: messageFile)
    guard checked.succeeded else { return .invalid(checked.complaint) }
    return .trusted(principal: principal, key: Self.key(in: checked.stdout + checked.stderr) ?? "an unknown key")
  }

  /// `SHA256:…` from `Good "lifeline-transcript" signature for P with ED25519 key SHA256:…`.
  static func key(in output: String) -> String? {
    output.split(whereSeparator: { $0 == " " || $0 == "\n" }).last { $0.hasPrefix("SHA256:") }.map(String.init)
  }
}
