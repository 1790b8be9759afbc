import Foundation
import LifelineCore

/// A Proxmox VE API token: its id and its secret. The secret only ever goes into the
/// `Authorization` header; give it to the session's redactor as well (``APIClientSetup``).
public struct APIToken: Sendable, Hashable {
  public var id: String
  public var secret: String

  public init(id: String, secret: String) {
    self.id = id
    self.secret = secret
  }

  /// `Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET`, as Proxmox expects it.
  var authorizationHeader: String { "Authorization: PVEAPIToken=\(id)=\(secret)" }

  /// Reads the secret from the inventory's `token_file` or `token_env`. A token file that
  /// other users can read is refused, as ssh refuses such private keys.
  public static func load(
    _ settings: APISettings, environment: [String: String]
  ) throws(APITokenError) -> APIToken {
    let secret: String
    switch settings.tokenSecret {
    case .environment(let name):
      guard let value = environment[name] else {
        throw APITokenError("the environment variable \(name) (the inventory's token_env) is not set")
      }
      secret = value
    case .file(let written):
      let path = HomePath.expand(written, environment: environment)
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
        let contents = FileManager.default.contents(atPath: path)
      else { throw APITokenError("cannot read the API token file \(path) (the inventory's token_file)") }
      let mode = (attributes[.posixPermissions] as? Int) ?? 0
      if mode & 0o077 != 0 {
        throw APITokenError(
          "the API token file \(path) can be read by other users (mode \(String(mode, radix: 8))): run chmod 600 \(path)"
        )
      }
      secret = String(decoding: contents, as: UTF8.self)
    }
    let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, !trimmed.contains(where: { $0.isWhitespace || $0.isNewline }) else {
      throw APITokenError("the API token's secret (\(settings.tokenSecret)) must be one word, the UUID Proxmox showed")
    }
    return APIToken(id: settings.tokenID, secret: trimmed)
  }
}

/// Why the token's secret cannot be had, naming where it was looked for.
public struct APITokenError: Error, Sendable, Hashable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
