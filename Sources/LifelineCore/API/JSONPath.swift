/// A path into a JSON document, as runbooks write it in JSON checks and captures:
/// `[type=cluster].quorate`, `[type=node][name=proxmox].online`, `[*].sid`, `[0].name`.
///
/// Steps, applied from the top of the document (for API steps: the response's `data`):
/// - `.key` (or `key` at the start): a member of an object;
/// - `[N]`: an element of an array, counted from 0; negative counts from the end;
/// - `[*]`: every element of an array (or every member value of an object);
/// - `[key=value]`, `[key!=value]`: the elements of an array that are objects whose `key`
///   has (or has not) that value, compared as text (`1` matches `1` and `"1"`); quote a value
///   that holds `]` as `"…"`. Filters chain: `[type=node][online=0]` keeps the node entries
///   that are offline;
/// - `[key]`, `[!key]`: the elements that are objects with (or without) a member `key`, of any
///   value: `[status=running][!hastate]` keeps the running guests that HA does not manage
///   (Proxmox leaves `hastate` out for them rather than writing an empty one).
///
/// A path selects any number of values; an empty path selects the whole document.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
  public enum Component: Sendable, Hashable {
    case key(String)
    case index(Int)
    case all
    case filter(key: String, value: String, equal: Bool)
    /// `[key]` (present) or `[!key]` (absent).
    case member(key: String, present: Bool)
  }

  public let source: String
  public let components: [Component]

  /// A syntax error, with the character offset (from 0) where it was found.
  public struct ParseError: Error, Sendable, Hashable {
    public var message: String
    public var offset: Int
  }

  public init(_ source: String) throws(ParseError) {
    self.source = source
    var parser = JSONPathParser(Array(source))
    self.components = try parser.parse()
  }

  public var description: String { source.isEmpty ? "(the whole document)" : source }

  /// Every value the path selects, in document order.
  public func select(in document: JSONValue) -> [JSONValue] {
    var current = [document]
    for component in components {
      current = current.flatMap { value -> [JSONValue] in
        switch component {
        case .key(let key):
          return value[key].map { [$0] } ?? []
        case .index(let index):
          guard let array = value.arrayValue else { return [] }
          let position = index < 0 ? array.count + index : index
          return array.indices.contains(position) ? [array[position]] : []
        case .all:
          return value.arrayValue ?? value.objectValue?.map(\.1) ?? []
        case .filter(let key, let wanted, let equal):
          // On an array, its matching elements; on an object (a value an earlier filter
          // selected), the object itself when it matches, so filters can be chained.
          return (value.arrayValue ?? [value]).filter { element in
            guard element.objectValue != nil else { return false }
            guard let member = element[key] else { return !equal }
            return member.matchesText(wanted) == equal
          }
        case .member(let key, let present):
          return (value.arrayValue ?? [value]).filter { element in
            element.objectValue != nil && (element[key] != nil) == present
          }
        }
      }
    }
    return current
  }
}

private struct JSONPathParser {
  let characters: [Character]
  var index = 0

  init(_ characters: [Character]) { self.characters = characters }

  mutating func parse() throws(JSONPath.ParseError) -> [JSONPath.Component] {
    var components: [JSONPath.Component] = []
    if index < characters.count, characters[index] != "[", characters[index] != "." {
      components.append(.key(try key()))
    }
    while index < characters.count {
      switch characters[index] {
      case ".":
        index += 1
        components.append(.key(try key()))
      case "[":
        index += 1
        components.append(try bracket())
      default:
        throw fail("expected '.' or '[' before '\(characters[index])'")
      }
    }
    return components
  }

  private mutating func key() throws(JSONPath.ParseError) -> String {
    let start = index
    while index < characters.count, !".[]=".contains(characters[index]), !peek("!=") { index += 1 }
    guard index > start else { throw fail("expected a key name") }
    return String(characters[start..<index])
  }

  private mutating func bracket() throws(JSONPath.ParseError) -> JSONPath.Component {
    let start = index
    if peek("*]") {
      index += 2
      return .all
    }
    var digits = ""
    if index < characters.count, characters[index] == "-" {
      digits.append("-")
      index += 1
    }
    while index < characters.count, characters[index].isASCII, characters[index].isNumber {
      digits.append(characters[index])
      index += 1
    }
    if !digits.isEmpty, index < characters.count, characters[index] == "]" {
      guard let number = Int(digits) else { throw fail("'\(digits)' is not an index", at: start) }
      index += 1
      return .index(number)
    }
    index = start
    if peek("!"), !peek("!=") {
      index += 1
      let name = try key()
      try closeBracket()
      return .member(key: name, present: false)
    }
    let name = try key()
    if peek("]") {
      try closeBracket()
      return .member(key: name, present: true)
    }
    let equal: Bool
    if peek("!=") {
      equal = false
      index += 2
    } else if peek("=") {
      equal = true
      index += 1
    } else {
      throw fail(
        "expected '=' or '!=' in a filter such as [type=node], ']' after a key as in [hastate], a number, or '*'")
    }
    let value = try filterValue()
    try closeBracket()
    return .filter(key: name, value: value, equal: equal)
  }

  private mutating func closeBracket() throws(JSONPath.ParseError) {
    guard peek("]") else { throw fail("expected ']'") }
    index += 1
  }

  private mutating func filterValue() throws(JSONPath.ParseError) -> String {
    if index < characters.count, characters[index] == "\"" {
      let open = index
      index += 1
      let start = index
      while index < characters.count, characters[index] != "\"" { index += 1 }
      guard index < characters.count else { throw fail("the quoted value has no closing '\"'", at: open) }
      defer { index += 1 }
      return String(characters[start..<index])
    }
    let start = index
    while index < characters.count, characters[index] != "]" { index += 1 }
    return String(characters[start..<index])
  }

  private func peek(_ text: String) -> Bool {
    let wanted = Array(text)
    return index + wanted.count <= characters.count && Array(characters[index..<index + wanted.count]) == wanted
  }

  private func fail(_ message: String, at offset: Int? = nil) -> JSONPath.ParseError {
    JSONPath.ParseError(message: message, offset: min(offset ?? index, characters.count))
  }
}

extension JSONValue {
  /// The value as checks and captures see it: a string's own text, numbers as written,
  /// `true`/`false`, `null`, and arrays and objects as compact JSON.
  public var text: String {
    switch self {
    case .string(let value): value
    case .null: "null"
    default: serialized()
    }
  }

  /// Whether the value is `expected`, compared as text, or as numbers when both are numbers
  /// (so `1` equals `1.0`).
  public func matchesText(_ expected: String) -> Bool {
    if text == expected { return true }
    switch self {
    case .int(let value): return Double(expected).map { $0 == Double(value) } ?? false
    case .double(let value): return Double(expected).map { $0 == value } ?? false
    default: return false
    }
  }
}
