/// The resilience score of an audit (`ha-audit` and the like), from findings whose text
/// starts with a `[Category]` prefix.
///
/// Each category starts at 10 and loses 4 points per critical finding, 2 per warning and
/// 0.5 per info, down to 0; the overall score is the mean of the categories. A category
/// counts when a finding names it, or when the runbook (if found) has a step that reports
/// findings in it and that step completed: it was checked and found nothing.
struct ReportResilienceScore: Sendable, Hashable {
  struct Category: Sendable, Hashable {
    var name: String
    var critical = 0
    var warning = 0
    var info = 0

    var score: Double { max(0, 10 - 4 * Double(critical) - 2 * Double(warning) - 0.5 * Double(info)) }
  }

  var categories: [Category]

  var overall: Double {
    categories.isEmpty ? 0 : categories.map(\.score).reduce(0, +) / Double(categories.count)
  }

  static let explanation =
    "Each category starts at 10 and loses 4 points per critical finding, 2 per warning and 0.5 per info, down to 0; the overall score is the mean of the category scores. A category with no findings scores 10 when a step that checks it completed. The score measures what this run checked, nothing more."

  /// nil when no finding carries a category: the session was not an audit.
  init?(findings: [(severity: String, text: String)], checkedCategories: [String]) {
    var categories: [Category] = []
    func index(of name: String) -> Int {
      if let index = categories.firstIndex(where: { $0.name == name }) { return index }
      categories.append(Category(name: name))
      return categories.count - 1
    }
    for finding in findings {
      guard let name = Self.category(of: finding.text) else { continue }
      let position = index(of: name)
      switch finding.severity {
      case Severity.critical.rawValue: categories[position].critical += 1
      case Severity.warning.rawValue: categories[position].warning += 1
      case Severity.info.rawValue: categories[position].info += 1
      default: break
      }
    }
    guard !categories.isEmpty else { return nil }
    for name in checkedCategories { _ = index(of: name) }
    self.categories = categories.sorted { $0.name < $1.name }
  }

  /// `Fencing` from `[Fencing] no fencing device is configured`.
  static func category(of text: String) -> String? {
    guard text.hasPrefix("["), let close = text.firstIndex(of: "]") else { return nil }
    let name = text[text.index(after: text.startIndex)..<close].trimmingCharacters(in: .whitespaces)
    return name.isEmpty ? nil : name
  }
}

extension ReportLayout {
  var resilienceScoreSection: [ReportBlock] {
    let findings = record.events(ofType: "finding").map {
      (severity: $0.string("severity") ?? "", text: $0.string("text") ?? "")
    }
    guard let score = ReportResilienceScore(findings: findings, checkedCategories: checkedCategories) else {
      return []
    }
    var rows: [[[ReportInline]]] = score.categories.map { category in
      [
        [.text(text(category.name))], [.text("\(category.critical)")], [.text("\(category.warning)")],
        [.text("\(category.info)")], [.strong(ReportFormat.oneDecimal(category.score))],
      ]
    }
    rows.append([
      [.strong("Overall")], [.text("")], [.text("")], [.text("")], [.strong(ReportFormat.oneDecimal(score.overall))],
    ])
    return [
      .heading(level: 2, text: "Resilience score", anchor: "resilience-score"),
      .paragraph([
        .strong("\(ReportFormat.oneDecimal(score.overall)) out of 10"), .text(". " + ReportResilienceScore.explanation),
      ]),
      .table(header: ["Category", "Critical", "Warning", "Info", "Score"], rows: rows),
    ]
  }

  /// Categories of the finding templates of steps that completed, from the runbooks found.
  private var checkedCategories: [String] {
    var names: [String] = []
    for segment in record.segments {
      guard let runbook = loadedRunbook(segment.runbook) else { continue }
      for id in segment.path {
        guard let template = runbook.step(id)?.finding?.text.source,
          let name = ReportResilienceScore.category(of: template)
        else { continue }
        names.append(name)
      }
    }
    return names
  }
}
