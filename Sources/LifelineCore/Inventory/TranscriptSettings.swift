import Yams

/// How a session seals its transcript (the inventory's `transcripts` section).
public struct TranscriptSettings: Sendable, Hashable {
  public enum SigningKey: Sendable, Hashable {
    /// The ssh-agent's first key, else the nodes' SSH identity.
    case automatic
    /// This key file (public or private; a public key's private half is looked up in the agent).
    case file(String)
    /// Seals are not signed.
    case none
  }

  public var signingKey: SigningKey
  /// Whether the seal's message goes into the journals of the nodes the session reached.
  public var witness: Bool

  public init(signingKey: SigningKey = .automatic, witness: Bool = true) {
    self.signingKey = signingKey
    self.witness = witness
  }
}

extension YAMLDocument {
  /// The fields of the `transcripts` section.
  static let transcriptFields = ["signing_key", "witness"]

  /// `transcripts: {signing_key: ~/.ssh/id_ed25519.pub | none, witness: true | false}`.
  mutating func transcriptSettings(_ node: Node) -> TranscriptSettings {
    var settings = TranscriptSettings()
    guard let fields = mapping(node, what: "'transcripts'", allowed: Self.transcriptFields) else {
      return settings
    }
    for (key, _, value) in fields {
      switch key {
      case "signing_key":
        if let path = string(value, what: "'signing_key'") {
          settings.signingKey = path == "none" ? .none : .file(path)
        }
      case "witness": settings.witness = bool(value, what: "'witness'") ?? settings.witness
      default: break
      }
    }
    return settings
  }
}
