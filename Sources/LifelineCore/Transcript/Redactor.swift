import Foundation

/// Removes secrets from everything a session records or shows.
///
/// Two sources: the values of parameters declared `secret: true` (and the API token), and
/// patterns that look like credentials anywhere in text: `PVEAPIToken=…`, `password=…`,
/// `--password …`, `token=…`, `secret=…`.
public struct Redactor: Sendable {
  public static let mask = "‹redacted›"
  private let secrets: [String]

  private static let patterns: [NSRegularExpression] = [
    #"(PVEAPIToken=)[^\s"']+"#,
    #"(?i)((?:password|passwd|secret|token)=)[^\s"'&]+"#,
    #"(?i)(--(?:password|passwd|secret|token)[= ])[^\s"']+"#,
  ].map { try! NSRegularExpression(pattern: $0) }

  /// Every pattern needs one of these words (`PVEAPIToken` contains `token`), in any case.
  private static let keywords: [[UInt8]] = ["passw", "secret", "token"].map { Array($0.utf8) }

  /// A byte scan for the keywords, much cheaper than running the expressions on output that
  /// has none of them, which is nearly all output.
  static func containsKeyword(_ text: String) -> Bool {
    if let found = text.utf8.withContiguousStorageIfAvailable(containsKeyword) { return found }
    return Array(text.utf8).withUnsafeBufferPointer(containsKeyword)
  }

  private static func containsKeyword(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count >= 5 else { return false }
    for start in 0...(bytes.count - 5) {
      let first = bytes[start] | 0x20
      guard first == UInt8(ascii: "p") || first == UInt8(ascii: "s") || first == UInt8(ascii: "t") else { continue }
      for keyword in keywords where keyword[0] == first && start + keyword.count <= bytes.count {
        var matches = true
        for offset in 1..<keyword.count where bytes[start + offset] | 0x20 != keyword[offset] {
          matches = false
          break
        }
        if matches { return true }
      }
    }
    return false
  }

  public init(secrets: [String]) {
    // Longest first, so a secret that contains another is masked whole.
    self.secrets = secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
  }

  public func redact(_ text: String) -> String {
    var result = text
    for secret in secrets where result.contains(secret) {
      result = result.replacingOccurrences(of: secret, with: Self.mask)
    }
    // The patterns need a keyword; most output has none, and scanning for it is far cheaper
    // than running the expressions.
    guard Self.containsKeyword(result) else { return result }
    for pattern in Self.patterns {
      result = pattern.stringByReplacingMatches(
        in: result, range: NSRange(result.startIndex..., in: result), withTemplate: "$1\(Self.mask)")
    }
    return result
  }

  /// Output bytes: text is redacted like any text; bytes that are not UTF-8 lose the secret
  /// values byte for byte.
  public func redact(_ bytes: [UInt8]) -> [UInt8] {
    if let text = String(validating: bytes, as: UTF8.self) {
      let redacted = redact(text)
      return redacted == text ? bytes : Array(redacted.utf8)
    }
    var result = bytes
    for secret in secrets {
      result = Self.replace(Array(secret.utf8), with: Array(Self.mask.utf8), in: result)
    }
    return result
  }

  public func redact(_ event: TranscriptEvent) -> TranscriptEvent {
    TranscriptEvent(
      event.type,
      event.payload.map { key, value in
        // Output that is not UTF-8 is base64: its secrets are found in the bytes it encodes.
        if key == "bytes", case .string(let encoded) = value {
          guard !secrets.isEmpty, let bytes = Base64.decode(encoded) else { return (key, value) }
          let clean = redact(bytes)
          return (key, clean == bytes ? value : .string(Base64.encode(clean)))
        }
        return (key, redact(value))
      })
  }

  private func redact(_ value: JSONValue) -> JSONValue {
    switch value {
    case .string(let text): .string(redact(text))
    case .array(let values): .array(values.map(redact))
    case .object(let pairs): .object(pairs.map { ($0.0, redact($0.1)) })
    default: value
    }
  }

  private static func replace(_ needle: [UInt8], with replacement: [UInt8], in haystack: [UInt8]) -> [UInt8] {
    guard !needle.isEmpty, haystack.count >= needle.count else { return haystack }
    var result: [UInt8] = []
    var index = 0
    while index < haystack.count {
      if index + needle.count <= haystack.count, haystack[index] == needle[0],
        haystack[index..<index + needle.count].elementsEqual(needle)
      {
        result += replacement
        index += needle.count
      } else {
        result.append(haystack[index])
        index += 1
      }
    }
    return result
  }
}
