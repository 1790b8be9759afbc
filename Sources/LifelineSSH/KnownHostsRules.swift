import CLibSSH
import Foundation

/// Decides whether a server's host key is known the way OpenSSH's `ssh` does (sshd(8),
/// "SSH_KNOWN_HOSTS FILE FORMAT"; hostfile.c and match.c of OpenSSH), rather than libssh's
/// looser reading, which ignores `@revoked` and negated patterns.
///
/// - A line is `[marker] patterns keytype base64 [comment]`; blank lines and `#` comments are
///   skipped, and so are lines that cannot be read.
/// - `patterns` is a comma list of names with `*` and `?` wildcards, matched without regard to
///   case; a pattern `!name` that matches makes the whole line not apply. A host on a port
///   other than 22 is named `[host]:port`. `|1|salt|hash` is a hashed name: HMAC-SHA1 of the
///   name keyed with the salt.
/// - `@revoked` lines name keys that are refused whatever else the file says;
///   `@cert-authority` lines name CAs for host certificates, so they never vouch for a plain
///   key (Lifeline does not use host certificates).
/// - A plain line with the very key: known. One with another key of the same type: changed.
///   Only keys of other types: changed too, as libssh's `SSH_KNOWN_HOSTS_OTHER` is (`ssh`
///   refuses both under `StrictHostKeyChecking=yes`).
struct KnownHostsRules {
  struct Entry {
    enum Marker {
      case none
      case revoked
      case certificateAuthority
    }

    var marker: Marker
    var patterns: String
    var keyType: String
    var key: [UInt8]
  }

  var entries: [Entry]

  /// Reads `text` line by line; nothing that fails to parse vouches for anything.
  init(text: String) {
    entries = text.split(whereSeparator: \.isNewline).compactMap(Self.entry)
  }

  private static func entry(_ line: Substring) -> Entry? {
    var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard let first = fields.first, !first.hasPrefix("#") else { return nil }
    var marker = Entry.Marker.none
    if first.hasPrefix("@") {
      switch first {
      case "@revoked": marker = .revoked
      case "@cert-authority": marker = .certificateAuthority
      default: return nil
      }
      fields.removeFirst()
    }
    guard fields.count >= 3, let key = Data(base64Encoded: fields[2]) else { return nil }
    return Entry(marker: marker, patterns: fields[0], keyType: fields[1], key: [UInt8](key))
  }

  /// How the key `blob` (its wire form) compares with what the file says for `host` on
  /// `port`. On a port other than 22, a file that has no line at all for `[host]:port` is
  /// asked about the bare host name too, and its very key there is accepted, as `ssh` does
  /// ("found matching key w/out port", `check_host_key` in OpenSSH's sshconnect.c).
  func status(of blob: [UInt8], host: String, port: Int) -> HostKeyStatus {
    let name = port == 22 ? host : "[\(host)]:\(port)"
    let status = status(of: blob, for: name)
    guard status == .unknown, port != 22 else { return status }
    switch self.status(of: blob, for: host) {
    case .known: return .known
    case .revoked: return .revoked
    case .unknown, .changed: return .unknown
    }
  }

  /// How the key compares with the lines for one name (`host` or `[host]:port`).
  func status(of blob: [UInt8], for name: String) -> HostKeyStatus {
    let lowered = name.lowercased()
    let applying = entries.filter { Self.matches(lowered, $0.patterns) }
    if applying.contains(where: { $0.marker == .revoked && $0.key == blob }) { return .revoked }
    let plain = applying.filter { $0.marker == .none }
    if plain.contains(where: { $0.key == blob }) { return .known }
    return plain.isEmpty ? .unknown : .changed
  }

  /// OpenSSH's `match_hostname` for one line's host field: hashed, or a pattern list.
  static func matches(_ name: String, _ patterns: String) -> Bool {
    if patterns.hasPrefix("|1|") { return matchesHashed(name, patterns) }
    var positive = false
    for pattern in patterns.lowercased().split(separator: ",", omittingEmptySubsequences: false) {
      if pattern.hasPrefix("!") {
        if glob(Array(name.unicodeScalars), Array(pattern.dropFirst().unicodeScalars)) { return false }
      } else if glob(Array(name.unicodeScalars), Array(pattern.unicodeScalars)) {
        positive = true
      }
    }
    return positive
  }

  /// `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as `ssh-keygen -H` writes it.
  static func matchesHashed(_ name: String, _ field: String) -> Bool {
    let parts = field.split(separator: "|", omittingEmptySubsequences: false)
    guard parts.count == 4, let salt = Data(base64Encoded: String(parts[2])),
      let expected = Data(base64Encoded: String(parts[3]))
    else { return false }
    return hmacSHA1(key: [UInt8](salt), message: Array(name.utf8)) == [UInt8](expected)
  }

  static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    _ = HMAC(EVP_sha1(), key, Int32(key.count), message, message.count, &digest, &length)
    return Array(digest.prefix(Int(length)))
  }

  /// `*` any run of characters, `?` any one character (OpenSSH `match_pattern`).
  static func glob(_ text: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
    var textIndex = 0
    var patternIndex = 0
    var starPattern = -1
    var starText = 0
    while textIndex < text.count {
      if patternIndex < pattern.count, pattern[patternIndex] == "?" || pattern[patternIndex] == text[textIndex] {
        textIndex += 1
        patternIndex += 1
      } else if patternIndex < pattern.count, pattern[patternIndex] == "*" {
        starPattern = patternIndex
        starText = textIndex
        patternIndex += 1
      } else if starPattern >= 0 {
        patternIndex = starPattern + 1
        starText += 1
        textIndex = starText
      } else {
        return false
      }
    }
    while patternIndex < pattern.count, pattern[patternIndex] == "*" { patternIndex += 1 }
    return patternIndex == pattern.count
  }
}
