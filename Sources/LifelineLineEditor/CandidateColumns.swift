/// Lays out completion candidates in columns, as shells list them.
enum CandidateColumns {
  static func layout(_ candidates: [String], width: Int) -> String {
    let cellWidth = (candidates.map(\.count).max() ?? 0) + 2
    let columns = max(1, width / max(cellWidth, 1))
    let rows = (candidates.count + columns - 1) / columns
    var lines: [String] = []
    for row in 0..<rows {
      var line = ""
      for column in 0..<columns {
        let index = column * rows + row
        guard index < candidates.count else { break }
        let candidate = candidates[index]
        let isLast = column == columns - 1 || (column + 1) * rows + row >= candidates.count
        line += isLast ? candidate : candidate + String(repeating: " ", count: cellWidth - candidate.count)
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}
