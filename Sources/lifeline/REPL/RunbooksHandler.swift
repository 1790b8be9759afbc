import LifelineCore

extension ReplSession {
  /// `runbooks`: every runbook found, with its title, or why it does not load.
  func listRunbooks() -> ReplCommandResult {
    let available = library.available()
    guard !available.isEmpty else {
      output.say("No runbooks found in \(library.folders.joined(separator: ", ")).")
      return .succeeded
    }
    let width = available.map(\.name.count).max() ?? 0
    for entry in available {
      let title: String
      do {
        title = output.shown(try library.load(entry.file).runbook.title)
      } catch {
        title =
          output.style.red("invalid: ")
          + output.shown(error.description.split(separator: "\n").dropFirst().first.map(String.init) ?? "")
      }
      let marker = entry.name == loaded?.runbook.name ? "*" : " "
      output.say(
        "\(marker) \(output.style.bold(entry.name))\(String(repeating: " ", count: width - entry.name.count))  \(title)"
      )
    }
    output.hint("load NAME loads one; * marks the loaded runbook.")
    return .succeeded
  }
}
