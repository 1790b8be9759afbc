import Foundation
import LifelineCore

/// Signs seals with OpenSSH's `ssh-keygen -Y sign`, in the SSHSIG format any OpenSSH since 8.1
/// verifies. The key is the operator's: the ssh-agent's when it holds it (`-f` a public key:
/// ssh-keygen asks the agent for its private half), else a key file. ssh-keygen runs without a
/// terminal, so an encrypted key that is not in the agent fails instead of prompting.
public struct OpenSSHSigner: Sendable {
  public var keygen: String
  public var sshAdd: String
  /// `SSH_AUTH_SOCK`, or nil for no agent.
  public var agentSocket: String?

  public init(
    keygen: String = "/usr/bin/ssh-keygen", sshAdd: String = "/usr/bin/ssh-add",
    agentSocket: String? = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
  ) {
    self.keygen = keygen
    self.sshAdd = sshAdd
    self.agentSocket = agentSocket.flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Signs `message` with the key `setting` picks: a named file, else the agent's first key,
  /// else `identity` (the SSH identity the inventory uses). Never throws: a seal that cannot
  /// be signed says why.
  public func sign(_ message: SealMessage, key setting: TranscriptSettings.SigningKey, identity: String)
    -> SealSignature
  {
    let scratch: ScratchDirectory
    do {
      scratch = try ScratchDirectory()
    } catch {
      return .unsigned("no place to write the seal for ssh-keygen: \(error)")
    }
    defer { scratch.remove() }
    let keyFile: String
    switch setting {
    case .none:
      return .unsigned("signing is turned off in the inventory (transcripts: signing_key: none)")
    case .file(let path):
      keyFile = Paths.expandTilde(path)
      guard Paths.exists(keyFile) else { return .unsigned("the signing key \(path) does not exist") }
    case .automatic:
      if let agentKey = firstAgentKey() {
        keyFile = scratch.path + "/agent-key.pub"
        guard (try? TextFile.write(agentKey + "\n", to: keyFile)) != nil else {
          return .unsigned("cannot write the agent's key for ssh-keygen")
        }
      } else if Paths.exists(Paths.expandTilde(identity)) {
        keyFile = Paths.expandTilde(identity)
      } else {
        return .unsigned(
          "no key: \(agentSocket == nil ? "there is no ssh-agent (SSH_AUTH_SOCK)" : "the ssh-agent holds no key"), and \(identity) does not exist"
        )
      }
    }
    let messageFile = scratch.path + "/seal"
    guard (try? TextFile.write(message.signedText, to: messageFile)) != nil else {
      return .unsigned("cannot write the seal for ssh-keygen")
    }
    let signing = ToolProcess.run(
      keygen, ["-q", "-Y", "sign", "-n", SealMessage.namespace, "-f", keyFile, messageFile],
      environment: ["SSH_ASKPASS_REQUIRE": "never"])
    guard signing.succeeded, let armored = try? TextFile.read(messageFile + ".sig"),
      let body = SSHSignatureArmor.body(of: armored)
    else {
      return .unsigned(
        "ssh-keygen could not sign with \(displayName(keyFile, scratch: scratch)): \(signing.complaint) (an encrypted key must be in the ssh-agent: ssh-add)"
      )
    }
    let (fingerprint, comment) = describe(keyFile)
    return .signed(body: body, key: fingerprint ?? "an unknown key", comment: comment)
  }

  /// `ssh-add -L`'s first key, or nil without an agent or keys.
  func firstAgentKey() -> String? {
    guard let agentSocket else { return nil }
    let listing = ToolProcess.run(sshAdd, ["-L"], environment: ["SSH_AUTH_SOCK": agentSocket])
    guard listing.succeeded else { return nil }
    return listing.stdout.split(separator: "\n").first.map(String.init)
  }

  /// The key's `SHA256:…` fingerprint and comment, as `ssh-keygen -l` prints them.
  private func describe(_ keyFile: String) -> (String?, String?) {
    let listing = ToolProcess.run(keygen, ["-l", "-f", keyFile])
    // "256 SHA256:… comment words (ED25519)"
    var fields = listing.stdout.split(separator: "\n").first?.split(separator: " ").map(String.init) ?? []
    guard listing.succeeded, fields.count >= 2 else { return (nil, nil) }
    if fields.last?.hasPrefix("(") == true { fields.removeLast() }
    let comment = fields.dropFirst(2).joined(separator: " ")
    return (fields[1], comment.isEmpty || comment == "no comment" ? nil : comment)
  }

  private func displayName(_ keyFile: String, scratch: ScratchDirectory) -> String {
    keyFile.hasPrefix(scratch.path) ? "the ssh-agent's key" : keyFile
  }
}
