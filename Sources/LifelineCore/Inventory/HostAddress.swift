/// What an inventory's `host` may be: a host name (RFC 1123: labels of letters, digits and
/// `-`, none starting or ending with `-`, at most 63 characters each and 253 in all), an IPv4
/// address (four decimal numbers 0–255) or an IPv6 address, bare or in brackets.
///
/// Anything else is refused: the host reaches shell commands through `{{ node | host }}`, and
/// a name such as `127.0.0.1;touch${IFS}x` is no address at all.
public enum HostAddress {
  /// The address as it is to be used (brackets of an IPv6 address removed), or why it is none.
  public static func validate(_ text: String) -> Result<String, Invalid> {
    if text.hasPrefix("[") || text.hasSuffix("]") {
      guard text.hasPrefix("["), text.hasSuffix("]"), isIPv6(String(text.dropFirst().dropLast())) else {
        return .failure(Invalid(reason: "brackets hold an IPv6 address, as in [fd00::1]"))
      }
      return .success(String(text.dropFirst().dropLast()))
    }
    if text.contains(":") {
      return isIPv6(text) ? .success(text) : .failure(Invalid(reason: "'\(text)' is not an IPv6 address"))
    }
    let isNumeric = text.unicodeScalars.allSatisfy { $0 == "." || ("0"..."9").contains($0) }
    if isNumeric {
      return isIPv4(text) ? .success(text) : .failure(Invalid(reason: "'\(text)' is not an IPv4 address"))
    }
    return isHostName(text)
      ? .success(text)
      : .failure(
        Invalid(reason: "a host name is labels of letters, digits and '-' joined by '.' (RFC 1123)"))
  }

  public struct Invalid: Error, Sendable, Hashable {
    public var reason: String
  }

  static func isHostName(_ text: String) -> Bool {
    let name = text.hasSuffix(".") ? String(text.dropLast()) : text
    guard !name.isEmpty, name.utf8.count <= 253 else { return false }
    return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
      !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
        && label.unicodeScalars.allSatisfy {
          ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }
  }

  static func isIPv4(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4
      && parts.allSatisfy { part in
        !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && (UInt16(part).map { $0 <= 255 } ?? false)
      }
  }

  /// RFC 4291 text form: up to eight groups of 1–4 hex digits, one `::` for a run of zeros,
  /// an IPv4 address in the last 32 bits; no zone index (`%eth0`).
  static func isIPv6(_ text: String) -> Bool {
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return false }
    func groups(_ part: String) -> [Substring]? {
      part.isEmpty ? [] : part.split(separator: ":", omittingEmptySubsequences: false)
    }
    guard let head = groups(halves[0]), let tail = halves.count == 2 ? groups(halves[1]) : [] else { return false }
    var all = head + tail
    var count = 0
    if let last = all.last, last.contains(".") {
      guard isIPv4(String(last)) else { return false }
      all.removeLast()
      count += 2
    }
    for group in all {
      guard (1...4).contains(group.count), group.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit) else {
        return false
      }
      count += 1
    }
    return halves.count == 2 ? count <= 7 : count == 8
  }
}
