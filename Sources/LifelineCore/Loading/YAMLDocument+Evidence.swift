import Yams

extension YAMLDocument {
  /// `evidence: journal` or `evidence: [journal, quorum]`: each a known ``EvidenceKind``,
  /// each once.
  mutating func evidence(_ node: Node) -> Evidence? {
    let items: [Node]
    switch node {
    case .scalar: items = [node]
    case .sequence(let sequence) where !sequence.isEmpty: items = Array(sequence)
    default:
      report(
        "'evidence' must be a kind or a list of kinds", at: node,
        hint: "kinds: \(EvidenceKind.allCases.map(\.rawValue).joined(separator: ", "))")
      return nil
    }
    var kinds: [EvidenceKind] = []
    for item in items {
      guard let word = string(item, what: "an evidence kind") else { continue }
      guard let kind = EvidenceKind(rawValue: word) else {
        let known = EvidenceKind.allCases.map(\.rawValue)
        report(
          "unknown evidence kind '\(word)'\(Suggestion.didYouMean(word, in: known))", at: item,
          hint: "kinds: \(known.joined(separator: ", "))")
        continue
      }
      if kinds.contains(kind) {
        report("evidence kind '\(word)' appears twice", at: item)
        continue
      }
      kinds.append(kind)
    }
    return kinds.isEmpty ? nil : Evidence(kinds: kinds, location: location(of: node))
  }
}
