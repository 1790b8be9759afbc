import Foundation

/// Removes secrets from everything a session records or shows.
///
/// Two sources: the values of parameters declared `secret: true` (and the API token), and
/// patterns that look like credentials anywhere in text: `PVEAPIToken=…`, `password=…`,
/// `--password …`, `token=…`, `secret=…`.
///
/// Output arrives in chunks that can end anywhere, also inside a secret; ``StreamRedactor``
/// holds back the end of a chunk that could be the start of one (``heldBackCount(_:)``).
public struct Redactor: Sendable {
  public static let mask = "‹redacted›"
  private static let maskBytes = Array(mask.utf8)
  private let secrets: [[UInt8]]

  private static let patterns: [NSRegularExpression] = [
    #"(PVEAPIToken=)[^\s"']+"#,
    #"(?i)((?:password|passwd|secret|token)=)[^\s"'&]+"#,
    #"(?i)(--(?:password|passwd|secret|token)[= ])[^\s"']+"#,
  ].map { try! NSRegularExpression(pattern: $0) }

  /// Every pattern needs one of these words (`PVEAPIToken` contains `token`), in any case.
  private static let keywords: [[UInt8]] = ["passw", "secret", "token"].map { Array($0.utf8) }
  /// What starts a credential the patterns mask, lower case: a value follows each.
  private static let assignments: [[UInt8]] = ["password=", "passwd=", "secret=", "token="].map { Array($0.utf8) }
  private static let flags: [[UInt8]] = ["--password ", "--passwd ", "--secret ", "--token "].map { Array($0.utf8) }
  /// Everything a pattern match can begin with, for a chunk that ends inside one.
  private static let openings: [[UInt8]] =
    assignments + flags + ["pveapitoken=", "--password=", "--passwd=", "--secret=", "--token="].map { Array($0.utf8) }

  /// A byte scan for the keywords, much cheaper than running the expressions on output that
  /// has none of them, which is nearly all output.
  static func containsKeyword(_ text: String) -> Bool {
    var text = text
    return text.withUTF8(containsKeyword)
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
    self.secrets = secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }.map { Array($0.utf8) }
  }

  public func redact(_ text: String) -> String {
    var result = text
    if !secrets.isEmpty {
      let bytes = Array(text.utf8)
      let masked = maskSecrets(in: bytes)
      if masked != bytes { result = String(decoding: masked, as: UTF8.self) }
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

  /// Output bytes: the secret values are masked byte for byte; text (valid UTF-8) also loses
  /// what the patterns find.
  public func redact(_ bytes: [UInt8]) -> [UInt8] {
    let masked = maskSecrets(in: bytes)
    let hasKeyword = masked.withUnsafeBufferPointer(Self.containsKeyword)
    guard hasKeyword, let text = String(validating: masked, as: UTF8.self) else { return masked }
    let redacted = redact(text)
    return redacted == text ? masked : Array(redacted.utf8)
  }

  public func redact(_ event: TranscriptEvent) -> TranscriptEvent {
    TranscriptEvent(
      event.type,
      event.payload.map { key, value in
        // Output that is not UTF-8 is base64: its secrets are found in the bytes it encodes.
        if key == "bytes", case .string(let encoded) = value {
          guard !secrets.isEmpty, let bytes = Data(base64Encoded: encoded) else { return (key, value) }
          let clean = redact([UInt8](bytes))
          return (key, clean.elementsEqual(bytes) ? value : .string(Data(clean).base64EncodedString()))
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

  /// How many bytes at the end of `redacted` (output already redacted) could be the start of
  /// a secret or of a credential the patterns mask, so they must wait for the output that
  /// follows: the longest end that begins a secret value, that begins `password=` or
  /// `--token ` and the like (in any case), or a credential whose value runs to the end.
  public func heldBackCount(_ redacted: [UInt8]) -> Int {
    redacted.withUnsafeBufferPointer { bytes in
      var held = 0
      for secret in secrets { held = max(held, Self.endStartingPrefix(of: secret, in: bytes, ignoringCase: false)) }
      for opening in Self.openings {
        held = max(held, Self.endStartingPrefix(of: opening, in: bytes, ignoringCase: true))
      }
      return max(held, Self.openCredentialCount(bytes))
    }
  }

  /// The length of the longest end of `bytes` that is a proper prefix of `needle`.
  private static func endStartingPrefix(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, ignoringCase: Bool)
    -> Int
  {
    var length = min(needle.count - 1, bytes.count)
    while length > 0 {
      let start = bytes.count - length
      var matches = true
      for offset in 0..<length {
        let byte = ignoringCase ? lowercased(bytes[start + offset]) : bytes[start + offset]
        if byte != needle[offset] {
          matches = false
          break
        }
      }
      if matches { return length }
      length -= 1
    }
    return 0
  }

  /// A credential whose value is not yet ended (by white space or a quote) at the end of
  /// `bytes`: the count from where it begins.
  private static func openCredentialCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var wordStart = bytes.count
    while wordStart > 0, !isValueEnd(bytes[wordStart - 1]) { wordStart -= 1 }
    // `password=VALUE` within the last word.
    if bytes.count - wordStart >= 5 {
      var index = wordStart
      while index < bytes.count {
        for assignment in assignments where matches(assignment, in: bytes, at: index) { return bytes.count - index }
        index += 1
      }
    }
    // `--password VALUE`: the flag ends with the space before the last word.
    for flag in flags where wordStart >= flag.count && matches(flag, in: bytes, at: wordStart - flag.count) {
      return bytes.count - (wordStart - flag.count)
    }
    return 0
  }

  private static func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  private static func isValueEnd(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0D).contains(byte) || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
  }

  /// `needle` (lower case) at `index`, in any case.
  private static func matches(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    guard index + needle.count <= bytes.count else { return false }
    for offset in 0..<needle.count {
      if lowercased(bytes[index + offset]) != needle[offset] { return false }
    }
    return true
  }

  /// Every secret value replaced by the mask; `bytes` itself when there is none (the common
  /// case: a `memchr` scan for each secret's first byte).
  private func maskSecrets(in bytes: [UInt8]) -> [UInt8] {
    var result = bytes
    for secret in secrets {
      result = Self.replace(secret, in: result)
    }
    return result
  }

  private static func replace(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8] {
    haystack.withUnsafeBytes { hay in
      needle.withUnsafeBytes { pin in
        guard var found = find(pin, in: hay, from: 0) else { return haystack }
        var result: [UInt8] = []
        result.reserveCapacity(hay.count)
        var offset = 0
        while true {
          result.append(contentsOf: hay[offset..<found])
          result += maskBytes
          offset = found + pin.count
          guard let next = find(pin, in: hay, from: offset) else { break }
          found = next
        }
        result.append(contentsOf: hay[offset...])
        return result
      }
    }
  }

  /// Where `needle` next occurs in `hay` at or after `start`.
  private static func find(_ needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer, from start: Int) -> Int? {
    guard let base = hay.baseAddress, let pin = needle.baseAddress, needle.count > 0 else { return nil }
    var offset = start
    while hay.count - offset >= needle.count {
      guard let hit = memchr(base + offset, Int32(needle[0]), hay.count - offset - needle.count + 1) else { return nil }
      let at = base.distance(to: UnsafeRawPointer(hit))
      if memcmp(base + at, pin, needle.count) == 0 { return at }
      offset = at + 1
    }
    return nil
  }
}
