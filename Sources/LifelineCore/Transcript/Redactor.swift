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

  public init(secrets: [String]) {
    // Longest first, so a secret that contains another is masked whole.
    self.secrets = secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
  }

  public func redact(_ text: String) -> String {
    var result = text
    for secret in secrets where result.contains(secret) {
      result = result.replacingOccurrences(of: secret, with: Self.mask)
    }
    guard result.contains("=") || result.contains("--") else { return result }
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
    TranscriptEvent(event.type, event.payload.map { ($0.0, redact($0.1)) })
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
