/// Proxmox "section config" files (storage.cfg, jobs.cfg, ha/resources.cfg): `type: id` lines,
/// each followed by tab-indented `key value` properties, sections separated by blank lines.
struct SectionConfig: Sendable {
  struct Section: Sendable {
    var type: String
    var id: String
    var properties: [(key: String, value: String)]

    func value(_ key: String) -> String? {
      properties.first { $0.key == key }?.value
    }
  }

  var sections: [Section]

  init(sections: [Section]) {
    self.sections = sections
  }

  /// Reads the text leniently, as pmxcfs consumers do: comment lines and junk are skipped.
  init(parsing text: String) {
    var sections: [Section] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("#") { continue }
      if let first = line.first, first == "\t" || first == " " {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !sections.isEmpty else { continue }
        let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        sections[sections.count - 1].properties.append((parts[0], parts.count > 1 ? parts[1] : ""))
      } else if let colon = line.firstIndex(of: ":") {
        let type = line[..<colon].trimmingCharacters(in: .whitespaces)
        let id = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !type.isEmpty, !id.isEmpty else { continue }
        sections.append(Section(type: type, id: id, properties: []))
      }
    }
    self.sections = sections
  }

  func section(_ id: String) -> Section? {
    sections.first { $0.id == id }
  }

  func rendered() -> String {
    sections.map { section in
      (["\(section.type): \(section.id)"] + section.properties.map { "\t\($0.key) \($0.value)" }).joined(
        separator: "\n")
        + "\n"
    }.joined(separator: "\n")
  }
}
