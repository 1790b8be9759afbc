import Foundation
import LifelineCore

/// A host key a known_hosts file records: what a Proxmox cluster pins for its nodes in
/// `/etc/pve/nodes/NODE/ssh_known_hosts` and `/etc/pve/priv/known_hosts`.
public struct PinnedHostKey: Sendable, Hashable {
  /// `ssh-ed25519`, `ssh-rsa`, …
  public var keyType: String
  /// The key's wire form, as the line's base64 field holds it.
  public var blob: [UInt8]

  public init(keyType: String, blob: [UInt8]) {
    self.keyType = keyType
    self.blob = blob
  }

  /// `SHA256:` and the unpadded base64 of the key's SHA-256, as `ssh-keygen -lf` prints it.
  public var fingerprint: String {
    "SHA256:" + Data(SHA256.digest(blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
  }

  /// The known_hosts line naming `host` (`host`, or `[host]:port` off port 22) with this key.
  public func knownHostsLine(host: String, port: Int) -> String {
    "\(Self.knownHostsName(host: host, port: port)) \(keyType) \(Data(blob).base64EncodedString())"
  }

  static func knownHostsName(host: String, port: Int) -> String {
    port == 22 ? host : "[\(host)]:\(port)"
  }

  /// The keys the known_hosts `text` records, unrevoked, for any of `names` (plain, wildcard
  /// and hashed lines alike, by OpenSSH's matching rules), each once, in file order.
  public static func keys(in text: String, for names: [String]) -> [PinnedHostKey] {
    let rules = KnownHostsRules(text: text)
    let revoked = rules.entries.filter { $0.marker == .revoked }.map(\.key)
    var found: [PinnedHostKey] = []
    for entry in rules.entries where entry.marker == .none && !revoked.contains(entry.key) {
      guard names.contains(where: { KnownHostsRules.matches($0.lowercased(), entry.patterns) }) else { continue }
      let key = PinnedHostKey(keyType: entry.keyType, blob: entry.key)
      if !found.contains(key) { found.append(key) }
    }
    return found
  }

  /// The key a scan saw, from the known_hosts line it would record.
  public init?(scan: HostKeyScan) {
    let fields = scan.knownHostsEntry.split(separator: " ")
    guard fields.count >= 3, let blob = Data(base64Encoded: String(fields[2])) else { return nil }
    self.init(keyType: String(fields[1]), blob: [UInt8](blob))
  }
}
