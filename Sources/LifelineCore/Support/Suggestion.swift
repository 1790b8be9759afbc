/// Finds the closest valid word to a misspelt one, for "did you mean" hints.
public enum Suggestion {
  /// The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo.
  public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
    let lowered = word.lowercased()
    var best: (word: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(lowered, candidate.lowercased())
      if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    guard let best else { return nil }
    let tolerance = max(2, word.count / 3)
    // Every word starts with the empty word, so that is no reason to suggest one.
    if best.distance <= tolerance || (!lowered.isEmpty && best.word.lowercased().hasPrefix(lowered)) {
      return best.word
    }
    return nil
  }

  /// ` (did you mean 'x'?)` or an empty string, ready to append to a message.
  public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
    guard let match = closest(to: word, in: candidates) else { return "" }
    return " (did you mean '\(match)'?)"
  }

  /// Levenshtein distance over Unicode scalars.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
