/// What Tab completes: the word under the cursor and the words it could become.
public struct LineCompletion: Sendable, Hashable {
  /// The text the candidates replace: the end of the line before the cursor.
  public var word: String
  /// Full replacements for `word`, each starting with it.
  public var candidates: [String]

  public init(word: String, candidates: [String]) {
    self.word = word
    self.candidates = candidates
  }

  /// What Tab does with these candidates.
  public enum Action: Sendable, Hashable {
    /// Insert this text at the cursor.
    case insert(String)
    /// Nothing more can be inserted: show the candidates.
    case list([String])
    /// Nothing matches.
    case none
  }

  /// A single candidate is completed with a space after it (none after a folder's `/` or
  /// a `KEY=`, which are completed further);
  /// several are completed up to their longest common prefix, and listed once that prefix
  /// has been typed.
  public var action: Action {
    let matches = candidates.filter { $0.hasPrefix(word) }
    guard let first = matches.first else { return .none }
    if matches.count == 1 {
      let rest = String(first.dropFirst(word.count))
      return .insert(first.hasSuffix("/") || first.hasSuffix("=") ? rest : rest + " ")
    }
    let prefix = matches.dropFirst().reduce(first) { $0.commonPrefix(with: $1) }
    if prefix.count > word.count { return .insert(String(prefix.dropFirst(word.count))) }
    return .list(matches)
  }
}

extension String {
  /// The longest common prefix, by characters.
  fileprivate func commonPrefix(with other: String) -> String {
    var end = startIndex
    var otherIndex = other.startIndex
    while end < endIndex, otherIndex < other.endIndex, self[end] == other[otherIndex] {
      end = index(after: end)
      otherIndex = other.index(after: otherIndex)
    }
    return String(self[..<end])
  }
}
